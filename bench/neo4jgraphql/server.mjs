// The @neo4j/graphql server of the side-by-side benchmark (bench/README.md): the type
// definitions of typedefs.graphql over the Neo4j at NEO4J_URI, served by Apollo Server's
// standalone HTTP server on 127.0.0.1:PORT. It prints "READY <url>" once it answers, and
// with --print-schema prints the generated schema and exits.
//
//   NEO4J_URI=bolt://127.0.0.1:7694 PORT=4000 node server.mjs
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { printSchema } from "graphql";
import neo4j from "neo4j-driver";

const uri = process.env.NEO4J_URI;
if (!uri) {
  console.error("NEO4J_URI is not set");
  process.exit(2);
}
const auth = process.env.NEO4J_PASSWORD
  ? neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD)
  : undefined;
const driver = neo4j.driver(uri, auth);
const typeDefs = readFileSync(new URL("./typedefs.graphql", import.meta.url), "utf8");
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

if (process.argv.includes("--print-schema")) {
  console.log(printSchema(schema));
  await driver.close();
  process.exit(0);
}

const server = new ApolloServer({ schema, introspection: true });
const port = Number(process.env.PORT || 4000);
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port },
  context: async () => ({ sessionConfig: { database: process.env.NEO4J_DATABASE || "neo4j" } }),
});
console.log(`READY ${url}`);

for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
