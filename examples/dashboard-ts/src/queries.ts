import { graphql } from './gql/index.js';

// The operations the dashboard sends. Each becomes a typed document and an entry of the
// persisted-documents manifest (npm run codegen).

/** The WSIS–SDG Matrix: action lines by goals, with what meets in each cell. */
export const MatrixQuery = graphql(`
  query DashboardMatrix($year: Int) {
    matrix(year: $year) {
      columns {
        goal { number shortTitle }
        totals { linkageCount projectCount }
      }
      rows {
        actionLine { code shortTitle }
        cells { goal { number } goalLevel targetCount projectCount prizeCount }
        totals { linkageCount projectCount prizeCount }
      }
      totals { linkageCount targetCount projectCount prizeCount }
      projectsStatingNoTarget
    }
  }
`);

/** A page of projects, in the API's order, to pick one from. */
export const ProjectListQuery = graphql(`
  query DashboardProjectList($first: Int!, $after: String) {
    projects(first: $first, after: $after) {
      totalCount
      nodes { key title year }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** One project's page: what it is, where, which lines and goals it serves, its prizes and sources. */
export const ProjectPageQuery = graphql(`
  query DashboardProjectPage($key: String!) {
    project(key: $key) {
      key
      title
      description
      year
      note
      country { code name }
      actionLines { code shortTitle }
      statedGoals: goals(via: STATED) { number shortTitle }
      matrixGoals: goals(via: MATRIX) { number }
      organizations { key name acronym }
      prizes { year kind category { number title } }
      sources { document year url }
    }
  }
`);
