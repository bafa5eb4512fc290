package wsisgraph_test

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// TestDockerCompose checks docker-compose.yml the way `docker compose config` does (the same
// compose-spec loader and schema), and that its services are wired as the README says: Neo4j
// with a volume and a health check, a one-shot import after Neo4j is healthy, and the API
// after the import has completed, all pointing at the same Neo4j.
func TestDockerCompose(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{"docker-compose.yml"}, cli.WithWorkingDirectory("."), cli.WithEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	svc := func(name string) types.ServiceConfig {
		s, err := p.GetService(name)
		if err != nil {
			t.Fatalf("service %s: %v", name, err)
		}
		return s
	}
	neo, imp, api := svc("neo4j"), svc("import"), svc("api")

	tests := []struct {
		name string
		ok   bool
	}{
		{"neo4j image is 5.26 community", neo.Image == "neo4j:5.26-community"},
		{"neo4j keeps its data in a volume", len(neo.Volumes) == 1 && neo.Volumes[0].Type == types.VolumeTypeVolume && neo.Volumes[0].Target == "/data"},
		{"neo4j has a health check", neo.HealthCheck != nil && len(neo.HealthCheck.Test) > 0},
		{"import runs after neo4j is healthy", imp.DependsOn["neo4j"].Condition == types.ServiceConditionHealthy},
		{"import is one-shot", imp.Restart == "no" && len(imp.Command) == 1 && imp.Command[0] == "import"},
		{"api starts after the import completed", api.DependsOn["import"].Condition == types.ServiceConditionCompletedSuccessfully},
		{"api and import build the Dockerfile", api.Build != nil && imp.Build != nil && api.Build.Dockerfile == "Dockerfile"},
		{"api and import use the same Neo4j", *api.Environment["NEO4J_URI"] == "bolt://neo4j:7687" && *imp.Environment["NEO4J_URI"] == *api.Environment["NEO4J_URI"]},
		{"api listens on all interfaces in its container", *api.Environment["WSISGRAPH_ADDR"] == "0.0.0.0:8080"},
		{"api is published on loopback", len(api.Ports) == 1 && api.Ports[0].HostIP == "127.0.0.1" && api.Ports[0].Target == 8080},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok {
				t.Error("does not hold")
			}
		})
	}

	t.Run("docker compose config", func(t *testing.T) {
		if _, err := exec.LookPath("docker"); err != nil {
			t.Skip("no docker client")
		}
		if err := exec.Command("docker", "compose", "version").Run(); err != nil {
			t.Skip("docker client without the compose plugin")
		}
		out, err := exec.Command("docker", "compose", "-f", "docker-compose.yml", "config", "-q").CombinedOutput()
		if err != nil {
			t.Fatalf("docker compose config: %v\n%s", err, out)
		}
	})
	if _, err := os.Stat("Dockerfile"); err != nil {
		t.Errorf("Dockerfile: %v", err)
	}
}
