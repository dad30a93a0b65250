// twilio-taskrouter imports graphql-ws (and through it graphql, half the bundle) only for its
// `useGraphQL` option, which HunkBridge never sets. This stub replaces it at build time and fails
// loudly if anything ever tries to use it.
export function createClient(): never {
  throw new Error("graphql-ws is not bundled in HunkBridge: the useGraphQL option is not supported");
}
