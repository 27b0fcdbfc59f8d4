// lemon-driver: solve a DIMACS "min" file with LEMON and time the solve.
//
//   lemon-driver FILE.dimacs ns|cs
//
// ns = NetworkSimplex (block search pivot, LEMON's default), cs =
// CostScaling (LEMON's default variant). Prints one line of key=value
// pairs: alg, status, cost, read_ms, solve_ms. Only run() is timed, as
// `placement solve-dimacs` times only its simplex.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <lemon/cost_scaling.h>
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

using namespace lemon;
typedef long long Int;
typedef std::chrono::steady_clock Clock;

static double ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

template <typename Alg>
static const char *status(typename Alg::ProblemType t) {
  switch (t) {
  case Alg::OPTIMAL: return "optimal";
  case Alg::INFEASIBLE: return "infeasible";
  case Alg::UNBOUNDED: return "unbounded";
  }
  return "unknown";
}

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s FILE.dimacs ns|cs\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  std::string alg = argv[2];
  SmartDigraph g;
  SmartDigraph::ArcMap<Int> lower(g), cap(g), cost(g);
  SmartDigraph::NodeMap<Int> supply(g);
  Clock::time_point t0 = Clock::now();
  readDimacsMin(in, g, lower, cap, cost, supply);
  Clock::time_point t1 = Clock::now();

  const char *st = "unknown";
  Int total = 0;
  Clock::time_point t2, t3;
  if (alg == "ns") {
    typedef NetworkSimplex<SmartDigraph, Int, Int> NS;
    NS ns(g);
    ns.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
    t2 = Clock::now();
    NS::ProblemType r = ns.run();
    t3 = Clock::now();
    st = status<NS>(r);
    if (r == NS::OPTIMAL) total = ns.totalCost();
  } else if (alg == "cs") {
    typedef CostScaling<SmartDigraph, Int, Int> CS;
    CS cs(g);
    cs.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
    t2 = Clock::now();
    CS::ProblemType r = cs.run();
    t3 = Clock::now();
    st = status<CS>(r);
    if (r == CS::OPTIMAL) total = cs.totalCost();
  } else {
    std::fprintf(stderr, "unknown algorithm %s (want ns or cs)\n", argv[2]);
    return 2;
  }
  std::printf("alg=%s status=%s cost=%lld read_ms=%.1f solve_ms=%.1f\n", alg.c_str(), st,
              total, ms(t0, t1), ms(t2, t3));
  return 0;
}
