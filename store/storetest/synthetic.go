package storetest

import (
	"fmt"
	"slices"

	"github.com/wsisgraph/wsisgraph/dataset"
)

// WithSyntheticProjects returns a copy of d with n synthetic projects added for scale tests:
// keys synthetic-000000…, each a copy of one of d's projects in turn with its title numbered,
// and a version of its own. d is not modified.
func WithSyntheticProjects(d *dataset.Dataset, n int) *dataset.Dataset {
	c := *d
	c.Projects = slices.Clone(d.Projects)
	for i := range n {
		p := *d.Projects[i%len(d.Projects)]
		p.Key = fmt.Sprintf("synthetic-%06d", i)
		p.Title = fmt.Sprintf("%s %d", p.Title, i)
		p.Synthetic = true
		c.Projects = append(c.Projects, &p)
	}
	c.Version = fmt.Sprintf("%s+synthetic-%d", d.Version, n)
	return &c
}
