/** The environment variables a function reads; a plain record so tests can pass their own. */
export type Env = Readonly<Record<string, string | undefined>>;
