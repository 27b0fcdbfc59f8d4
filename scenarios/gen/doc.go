// Package gen generates synthetic scenarios shaped like Zibo's
// technical-education alliance: 7 technician colleges and 8 vocational
// schools in the city's 8 districts, enterprises of its six industries
// (chemicals, machinery, pharmaceuticals, electronics, automotive, ceramics)
// plus a small logistics trade, their internship posts, the students of one
// semester, order classes, preferences and a few officer pins. Cities of
// more than 22,500 students get a school per 1,500 students (further
// campuses of the alliance's schools, about 100 for 150,000 students) unless
// Options.Schools says otherwise; the default 4,000-student city is the
// alliance itself.
//
// Generate builds a City in memory; City.WriteDir writes it as a scenario
// directory (scenario.yaml and the CSV files of SPEC.md) that the loader
// reads like any hand-made scenario.
//
// The city is calibrated so that stage 1 is a real optimisation rather than
// a formality:
//
//   - total post capacity is 95–105 % of the students, but supply and demand
//     are mismatched by specialty (students like automobile repair,
//     electronics and e-commerce; plants need chemical operators, machinists
//     and parts-manufacturing workers), so some specialties are
//     oversubscribed and others left half empty;
//   - a post's capacity grows slower than its enterprise's workforce, so the
//     2 % quota of the large above-scale enterprises is close to or above
//     what they offer, and many of them sit in districts (Linzi, Huantai,
//     Gaoqing) or specialties (chemicals) that few students pick — meeting
//     the quota costs commute kilometres and exact-specialty points;
//   - order classes of 20–40 students are bound to one sponsor each.
//
// Determinism: every random choice comes from math/rand/v2 PCG streams
// seeded from Options.Seed (one stream per phase, so that, for example,
// changing the number of students does not reshuffle the enterprises), and
// nothing is written in map-iteration order. The same Options give
// byte-identical files. Generation is linear in the size of the city apart
// from sorting: 150,000 students and 5,000 enterprises take well under a
// second to build and to write.
package gen
