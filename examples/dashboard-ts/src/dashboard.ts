import { execute, type ClientOptions } from './client.js';
import { MatrixQuery, ProjectListQuery, ProjectPageQuery } from './queries.js';
import type { DashboardMatrixQuery, DashboardProjectPageQuery } from './gql/graphql.js';

/** A cell of the heat map: an action line and a goal, and what meets there. */
export interface HeatCell {
  actionLine: string;
  goal: number;
  goalLevel: boolean;
  targets: number;
  projects: number;
  prizes: number;
}

/** The matrix as the dashboard draws it. */
export interface MatrixView {
  goals: { number: number; shortTitle: string }[];
  actionLines: { code: string; shortTitle: string }[];
  cells: HeatCell[];
  totals: DashboardMatrixQuery['matrix']['totals'];
  /** Projects that state no target, and so are in no cell: the counts are floors. */
  projectsStatingNoTarget: number;
}

/** Loads the WSIS–SDG Matrix, optionally counting the projects and prizes of one year only. */
export async function loadMatrix(client: ClientOptions, year?: number): Promise<MatrixView> {
  const { matrix } = await execute(client, MatrixQuery, year === undefined ? {} : { year });
  return {
    goals: matrix.columns.map((c) => c.goal),
    actionLines: matrix.rows.map((r) => r.actionLine),
    cells: matrix.rows.flatMap((r) =>
      r.cells.map((c) => ({
        actionLine: r.actionLine.code,
        goal: c.goal.number,
        goalLevel: c.goalLevel,
        targets: c.targetCount,
        projects: c.projectCount,
        prizes: c.prizeCount,
      })),
    ),
    totals: matrix.totals,
    projectsStatingNoTarget: matrix.projectsStatingNoTarget,
  };
}

/** The first projects, in the API's order (by title), for a list to pick from. */
export async function listProjects(client: ClientOptions, first: number) {
  const { projects } = await execute(client, ProjectListQuery, { first });
  return { total: projects.totalCount, projects: projects.nodes };
}

/** A project's page; null when the API holds no project with that key. */
export type ProjectPage = NonNullable<DashboardProjectPageQuery['project']>;

export async function loadProjectPage(client: ClientOptions, key: string): Promise<ProjectPage | null> {
  const { project } = await execute(client, ProjectPageQuery, { key });
  return project;
}
