/**
 * One call trace in the panel: a summary (stages, calls, dropped calls, duration), then per
 * stage a table of its calls (name indented by nesting depth, parameters, result or
 * exception, duration), with Back and "Go to cell". Reads an `ITraceState`; fetching and
 * navigation belong to the caller.
 */
import React, { useEffect, useRef } from 'react';

import type {
  TraceCallJSON,
  TraceResultJSON,
  TraceStageJSON,
  ValueJSON
} from '../api/types';
import type { ITraceState } from '../traceModel';
import { formatDuration, truncate, valueMeta } from './format';

/** Characters of a value preview shown in the table; the full text is in the title. */
export const PREVIEW_CHARS = 60;
/** Indentation per nesting level of a call, in pixels. */
const INDENT_PX = 14;

export interface ITraceViewProps {
  state: ITraceState;
  onBack: () => void;
  /** jump to the cell whose statement ran the traced block; null when it is unknown */
  onGoToCell: (() => void) | null;
}

function Value(props: { value: ValueJSON; name?: string }): JSX.Element {
  const { value, name } = props;
  const meta = valueMeta(value);
  return (
    <span
      className="jp-LineageTrace-value"
      title={`${value.type}: ${value.preview}`}
    >
      {name !== undefined && (
        <span className="jp-LineageTrace-name">{name} = </span>
      )}
      <code>{truncate(value.preview, PREVIEW_CHARS)}</code>
      {meta && <span className="jp-LineageTrace-meta"> {meta}</span>}
    </span>
  );
}

function Outcome({ call }: { call: TraceCallJSON }): JSX.Element {
  if (call.exception) {
    const text = `${call.exception.type}: ${call.exception.message}`;
    return (
      <span className="jp-LineageTrace-exception" title={text}>
        raised {truncate(text, PREVIEW_CHARS)}
      </span>
    );
  }
  if (call.status === 'running') {
    return <span className="jp-LineageTrace-meta">still running</span>;
  }
  const yielded = call.yield_count;
  return (
    <>
      {call.result && (
        <Value
          value={call.result}
          name={
            call.result_names.length ? call.result_names.join(', ') : undefined
          }
        />
      )}
      {yielded !== undefined && (
        <span className="jp-LineageTrace-meta">
          {' '}
          yielded {yielded} item{yielded === 1 ? '' : 's'}
        </span>
      )}
    </>
  );
}

function CallRow({ call }: { call: TraceCallJSON }): JSX.Element {
  const params = Object.entries(call.params);
  return (
    <tr
      className={`jp-LineageTrace-call${call.exception ? ' jp-mod-error' : ''}`}
      data-depth={call.depth}
    >
      <td style={{ paddingLeft: 4 + call.depth * INDENT_PX }}>
        <div
          className="jp-LineageTrace-func"
          title={`${call.module}.${call.qualname}`}
        >
          {call.depth > 0 && <span aria-hidden="true">↳ </span>}
          {call.display_name}
        </div>
        {params.length > 0 && (
          <ul className="jp-LineageTrace-params" aria-label="Parameters">
            {params.map(([name, value]) => (
              <li key={name}>
                <Value name={name} value={value} />
              </li>
            ))}
          </ul>
        )}
        <div className="jp-LineageTrace-result">
          <span aria-hidden="true">→ </span>
          <Outcome call={call} />
        </div>
      </td>
      <td className="jp-LineageTrace-duration">
        {formatDuration(call.duration_ns)}
      </td>
    </tr>
  );
}

function StageTable({ stage }: { stage: TraceStageJSON }): JSX.Element {
  const dropped = Object.entries(stage.dropped).filter(([, n]) => n > 0);
  return (
    <div className="jp-LineageTrace-stage" data-stage={stage.name}>
      <h4>
        Stage <code>{stage.name}</code>
        <span className="jp-LineageTrace-meta">
          {' '}
          · {stage.calls.length} call{stage.calls.length === 1 ? '' : 's'}
        </span>
      </h4>
      <table
        className="jp-LineageTrace-table"
        aria-label={`Calls of stage ${stage.name}`}
      >
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {stage.calls.map(call => (
            <CallRow key={call.index} call={call} />
          ))}
        </tbody>
      </table>
      {dropped.length > 0 && (
        <p className="jp-LineageTrace-dropped">
          Not recorded (past the limit):{' '}
          {dropped.map(([name, n]) => `${name} × ${n}`).join(', ')}
        </p>
      )}
    </div>
  );
}

function Summary({ trace }: { trace: TraceResultJSON }): JSX.Element {
  return (
    <dl className="jp-LineagePanel-status jp-LineageTrace-summary">
      <dt>Stages</dt>
      <dd>{trace.stages.map(s => s.name).join(' → ') || 'none'}</dd>
      <dt>Calls</dt>
      <dd>{trace.total_calls} recorded</dd>
      <dt>Dropped</dt>
      <dd>
        {trace.dropped_calls}
        {trace.limit !== null && ` (limit ${trace.limit} per function)`}
      </dd>
      <dt>Duration</dt>
      <dd>
        {formatDuration(trace.duration_ns)}
        {!trace.finished && ' (unfinished)'}
      </dd>
    </dl>
  );
}

function Body({ state }: { state: ITraceState }): JSX.Element {
  if (state.status === 'loading') {
    return (
      <p className="jp-LineageTrace-loading" role="status">
        Loading the call trace…
      </p>
    );
  }
  if (state.status === 'error' || !state.trace) {
    return (
      <p className="jp-LineageTrace-error" role="alert">
        {state.error ?? 'The call trace could not be loaded.'}
      </p>
    );
  }
  const trace = state.trace;
  return (
    <>
      <Summary trace={trace} />
      {trace.stages.length === 0 && (
        <p className="jp-LineageTrace-meta">No traced function was called.</p>
      )}
      {trace.stages.map(stage => (
        <StageTable key={stage.name} stage={stage} />
      ))}
    </>
  );
}

export function TraceView(props: ITraceViewProps): JSX.Element {
  const { state, onBack, onGoToCell } = props;
  const ref = useRef<HTMLElement>(null);
  // opened from the graph (click or Enter): keyboard users continue here
  useEffect(() => ref.current?.focus(), [state.traceId]);
  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onBack();
    }
  };
  return (
    <section
      ref={ref}
      className="jp-LineageTrace"
      aria-label={`Call trace ${state.traceId}`}
      data-testid="lineage-trace"
      data-status={state.status}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <div className="jp-LineageDetail-header">
        <button
          className="jp-LineageDetail-back"
          aria-label="Close the call trace"
          title="Back (Escape)"
          onClick={onBack}
        >
          ←
        </button>
        <h3 title={`Trace ${state.traceId}`}>
          {state.trace
            ? state.trace.stages.map(s => s.name).join(' → ') || 'no calls'
            : `trace ${state.traceId.slice(0, 8)}`}
        </h3>
        {onGoToCell && (
          <button
            className="jp-Button jp-mod-styled jp-LineageTrace-goto"
            onClick={onGoToCell}
          >
            Go to cell
          </button>
        )}
      </div>
      <Body state={state} />
    </section>
  );
}
