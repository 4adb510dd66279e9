import * as vm from 'node:vm';
import { PAUSE_POINT_URL, type HostPause } from '../shared/hostProtocol';

/**
 * The function the host calls where the debugger should stop. It is compiled as a script of its own so the
 * adapter can blackbox all the rest of the host (stepping never lands in it) while this `debugger` statement,
 * in a script that is not blackboxed, still pauses. The pause itself is described on the debug global. Its
 * `debugger` statement is on line PAUSE_POINT_LINE (from 0), which the adapter tells from the function's end.
 */
export const pausePoint = vm.runInThisContext('(function durableTsPausePoint(pause) {\n  debugger;\n})', {
  filename: PAUSE_POINT_URL,
}) as (pause: HostPause) => void;
