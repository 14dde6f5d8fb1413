/**
 * True when A and B are the same type, not merely assignable one way. Used to pin a valibot schema to the type it
 * validates: `const check: Equals<v.InferOutput<typeof Schema>, T> = true` fails the typecheck when they drift.
 */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
