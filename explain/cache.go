package explain

import (
	"context"
	"fmt"
	"sync"

	"placement/scenarios"
)

// Cache keeps the last few prepared plans by plan directory, for a server
// that answers many questions about the same runs: preparing a plan is the
// expensive part (half a second for 150,000 students), an answer is not.
// It is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	max   int
	order []string // least recently used first
	plans map[string]*Plan
}

// NewCache keeps at most n prepared plans (n < 1: 1).
func NewCache(n int) *Cache {
	return &Cache{max: max(1, n), plans: map[string]*Plan{}}
}

// Plan returns the prepared plan of dir (a plan directory of scenario sc),
// preparing it on first use. A plan directory is written once (atomically)
// and never changed by a server, so dir names its content.
func (c *Cache) Plan(ctx context.Context, sc *scenarios.Scenario, dir string) (*Plan, error) {
	c.mu.Lock()
	if p, ok := c.plans[dir]; ok {
		c.touch(dir)
		c.mu.Unlock()
		return p, nil
	}
	c.mu.Unlock()
	p, ps, err := Load(ctx, sc, dir)
	if err != nil {
		return nil, err
	}
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("explain: the plan in %s: %w", dir, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if q, ok := c.plans[dir]; ok { // prepared meanwhile by another caller
		return q, nil
	}
	c.plans[dir] = p
	c.order = append(c.order, dir)
	if len(c.order) > c.max {
		delete(c.plans, c.order[0])
		c.order = c.order[1:]
	}
	return p, nil
}

func (c *Cache) touch(dir string) {
	for k, d := range c.order {
		if d == dir {
			c.order = append(append(c.order[:k:k], c.order[k+1:]...), dir)
			return
		}
	}
}

// Student answers for student id in the plan of dir.
func (c *Cache) Student(ctx context.Context, sc *scenarios.Scenario, dir, id string) (*StudentAnswer, error) {
	p, err := c.Plan(ctx, sc, dir)
	if err != nil {
		return nil, err
	}
	return p.Student(id)
}
