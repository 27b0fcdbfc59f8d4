// Package solver turns a validated roster into a semester plan.
//
// Stage 1 (Assign) chooses which student interns at which post so as to
// maximize the SPEC's objective Z, exactly: it is a minimum-cost flow,
// solved by the network simplex of package flow and certified optimal by
// its dual potentials. The network is compressed without loss: students
// who differ in nothing the objective sees share one node, posts of one
// kind at one enterprise share one node, and the value of a placement is
// split over layers (award, commute, specialty) so that the arcs grow with
// the number of student kinds and post kinds, not with their product. See
// network.go for the layers and why each is exact.
//
// The solver never reads files: it takes model values and returns results
// with reasons for everything it could not do.
package solver
