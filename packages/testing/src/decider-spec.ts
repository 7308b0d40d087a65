import { expect } from 'vitest';

export interface Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/**
 * Specifications that read as the process does: given these events, when this command, then these events
 * (or this error). The state is folded from the given events with the decider's own `evolve`.
 */
export function deciderSpec<Command, Event, State, Context>(
  decider: Decider<Command, Event, State, Context>,
) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        state,
        when(command: Command, context: Context) {
          const run = () => decider.decide(command, state, context);
          return {
            // biome-ignore lint/suspicious/noThenProperty: the given/when/then specification language; never awaited.
            then(expected: readonly Event[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(
              errorType: new (...args: never[]) => Error,
              detail?: string | RegExp | Record<string, unknown>,
            ) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown, 'the command was expected to be refused').toBeInstanceOf(errorType);
              if (typeof detail === 'string' || detail instanceof RegExp)
                expect((thrown as Error).message).toMatch(detail);
              else if (detail) expect(thrown).toMatchObject(detail);
            },
            events: run,
          };
        },
      };
    },
  };
}
