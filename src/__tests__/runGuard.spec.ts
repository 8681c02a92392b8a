/** The hook before a single cell runs: straight through unasked, ask once, honour the answer. */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Notebook } from '@jupyterlab/notebook';

import {
  GuardChoice,
  guardAction,
  installRunGuard,
  IRunGuard,
  RunAction,
  unguarded
} from '../runGuard';

const notebook = { id: 'nb' } as unknown as Notebook;
const context = { path: 'nb.ipynb' } as unknown as ISessionContext;

/** A run action that records its calls and answers `result`. */
function recorder(log: string[], name: string, result = true): RunAction {
  return (nb, ctx, ...rest) => {
    log.push(
      `${name}(${(nb as unknown as { id: string }).id},${ctx ? 'ctx' : '-'},${rest.join(',')})`
    );
    return Promise.resolve(result);
  };
}

function guard(
  log: string[],
  choice: GuardChoice,
  plan: string | null = 'plan',
  firstOk = true
): IRunGuard<string> {
  return {
    plan: () => plan,
    ask: async p => {
      log.push(`ask(${p})`);
      return choice;
    },
    runFirst: async (_nb, _ctx, p) => {
      log.push(`first(${p})`);
      return firstOk;
    }
  };
}

describe('guardAction', () => {
  it('runs an unguarded cell with the very same call, in the same tick', () => {
    const log: string[] = [];
    const done = Promise.resolve(true);
    const wrapped = guardAction(
      () => {
        log.push('run');
        return done;
      },
      guard(log, 'cancel', null)
    );
    expect(wrapped(notebook, context)).toBe(done);
    expect(log).toEqual(['run']);
  });

  it('runs without a session context unasked (nothing could run first)', async () => {
    const log: string[] = [];
    await guardAction(recorder(log, 'run'), guard(log, 'cancel'))(notebook);
    expect(log).toEqual(['run(nb,-,)']);
  });

  it('runs unasked when the guard itself fails', async () => {
    const log: string[] = [];
    const broken: IRunGuard<string> = {
      ...guard(log, 'cancel'),
      plan: () => {
        throw new Error('no index');
      }
    };
    const error = jest
      .spyOn(console, 'error')
      .mockImplementation(() => undefined);
    expect(
      await guardAction(recorder(log, 'run'), broken)(notebook, context)
    ).toBe(true);
    expect(log).toEqual(['run(nb,ctx,)']);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it('runs nothing on cancel', async () => {
    const log: string[] = [];
    const wrapped = guardAction(recorder(log, 'run'), guard(log, 'cancel'));
    expect(await wrapped(notebook, context)).toBe(false);
    expect(log).toEqual(['ask(plan)']);
  });

  it('"run anyway" runs as asked, with every argument passed on', async () => {
    const log: string[] = [];
    const wrapped = guardAction(recorder(log, 'run'), guard(log, 'run'));
    expect(await wrapped(notebook, context, 'dialogs', 'translator')).toBe(
      true
    );
    expect(log).toEqual(['ask(plan)', 'run(nb,ctx,dialogs,translator)']);
  });

  it('"upstream" runs the upstream cells first, then the cell as asked', async () => {
    const log: string[] = [];
    const wrapped = guardAction(
      recorder(log, 'advance'),
      guard(log, 'upstream')
    );
    expect(await wrapped(notebook, context)).toBe(true);
    expect(log).toEqual(['ask(plan)', 'first(plan)', 'advance(nb,ctx,)']);
  });

  it('does not run the cell when the upstream run failed', async () => {
    const log: string[] = [];
    const wrapped = guardAction(
      recorder(log, 'run'),
      guard(log, 'upstream', 'plan', false)
    );
    expect(await wrapped(notebook, context)).toBe(false);
    expect(log).toEqual(['ask(plan)', 'first(plan)']);
  });
});

describe('installRunGuard', () => {
  it('wraps the single-cell runs only, and unwraps on dispose', async () => {
    const log: string[] = [];
    const run = recorder(log, 'run');
    const runAll = recorder(log, 'runAll');
    const actions: Record<string, unknown> = {
      run,
      runAndAdvance: recorder(log, 'advance'),
      runAndInsert: recorder(log, 'insert'),
      runAll
    };
    const installed = installRunGuard(actions, guard(log, 'cancel'));
    expect(actions.run).not.toBe(run);
    expect(actions.runAll).toBe(runAll);
    expect(unguarded(actions, 'run')).toBe(run);
    for (const name of ['run', 'runAndAdvance', 'runAndInsert', 'runAll']) {
      await (actions[name] as RunAction)(notebook, context);
    }
    // three questions, and run all ran without one
    expect(log).toEqual([
      'ask(plan)',
      'ask(plan)',
      'ask(plan)',
      'runAll(nb,ctx,)'
    ]);
    installed.dispose();
    expect(actions.run).toBe(run);
    expect(installed.isDisposed).toBe(true);
  });

  it('leaves a wrapper installed on top of its own in place', () => {
    const log: string[] = [];
    const run = recorder(log, 'run');
    const actions: Record<string, unknown> = { run };
    const installed = installRunGuard(actions, guard(log, 'cancel'));
    const onTop = recorder(log, 'another extension');
    actions.run = onTop;
    installed.dispose();
    expect(actions.run).toBe(onTop);
  });
});
