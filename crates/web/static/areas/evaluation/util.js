/* innocity web UI — evaluation (综合评价): helpers shared by the pages. */
'use strict';
IC.module('evaluation', ({ area }) => {

  const fmt = (v, d) => (v === null || v === undefined ? '' : Number(v).toFixed(d === undefined ? 2 : d));
  const statusType = (s) => ({ running: 'warning', done: 'success', failed: 'danger', interrupted: 'danger' }[s] || 'info');

  /** The 422 problems (file, row, column → message) as lines. */
  const problemLines = (e) => (e && e.fields ? Object.keys(e.fields).map((k) => k + ': ' + e.fields[k]) : (e ? [e.message || String(e)] : []));
  area.util = { fmt, statusType, problemLines };
});
