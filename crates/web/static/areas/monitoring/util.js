/* innocity web UI — monitoring (年度监测): shared styles, labels and the import box. */
'use strict';
IC.module('monitoring', ({ t, api, area }) => {
  const { ref } = Vue;

  // Page styles of this module (kept here so the shared stylesheet stays untouched).
  const style = document.createElement('style');
  style.textContent = '.light{display:inline-block;width:14px;height:14px;border-radius:50%;vertical-align:middle}'
    + '.viol{font-size:12px;line-height:1.4}.viol-high{color:#f56c6c}.viol-medium{color:#e6a23c}.viol-low{color:#909399}'
    + '.field-err{color:#f56c6c;font-size:12px}.ml{margin-left:8px}.chart-title{font-weight:600;margin:8px 0 4px}'
    + '.mon-summary .el-tag{margin-right:6px}';
  document.head.appendChild(style);

  const STATUS_TAG = { draft: 'info', submitted: 'primary', approved: 'success', returned: 'danger', accepted: 'success' };
  const LIGHT = { green: '#67c23a', yellow: '#e6a23c', red: '#f56c6c', grey: '#909399' };
  const CMP = { ge: '≥', gt: '>', le: '≤', lt: '<', eq: '=', approx: '≈', range: '∈' };
  const num = (v, d) => (v === null || v === undefined ? '—' : String(Math.round(v * Math.pow(10, d === undefined ? 2 : d)) / Math.pow(10, d === undefined ? 2 : d)));
  const pct = (v) => (v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%');

  function toBase64(buf) {
    const bytes = new Uint8Array(buf);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  /** Import a file with a dry run first; shows the row-level report; commits on confirm. */
  const ImportBox = {
    emits: ['done'],
    setup(props, { emit }) {
      const file = ref(null);
      const report = ref(null);
      const errors = ref([]);
      const busy = ref(false);
      async function send(dry) {
        busy.value = true;
        try {
          const body = { file_name: file.value.name, content_base64: file.value.data, dry_run: dry };
          const r = await api.post('/monitoring/import', body, { quiet: true });
          report.value = r; errors.value = [];
          if (!dry) { ElementPlus.ElMessage.success(t('mon.committed')); file.value = null; report.value = null; emit('done'); }
        } catch (e) {
          report.value = null;
          errors.value = (e.body && e.body.errors) || [{ file: file.value.name, row: 0, column: '', reason: e.message }];
        } finally { busy.value = false; }
      }
      async function pick(ev) {
        const f = ev.target.files && ev.target.files[0];
        if (!f) return;
        file.value = { name: f.name, data: toBase64(await f.arrayBuffer()) };
        ev.target.value = '';
        await send(true);
      }
      return { file, report, errors, busy, pick, send, t };
    },
    template: `<div class="mon-import">
      <label class="el-button el-button--default" data-test="mon-upload"><input type="file" accept=".xlsx,.csv,.json" style="display:none" @change="pick">{{ $t('mon.upload') }}</label>
      <div v-if="report && report.errors.length === 0" class="mt">
        <el-alert type="success" :closable="false" show-icon :title="$t('mon.dry_run_ok', { i: report.inserted, u: report.updated, n: report.unchanged })"></el-alert>
        <el-button type="primary" class="mt" :loading="busy" @click="send(false)" data-test="mon-commit">{{ $t('mon.commit') }}</el-button>
      </div>
      <div v-if="errors.length" class="mt" data-test="mon-report">
        <el-alert type="error" :closable="false" show-icon :title="$t('mon.report')"></el-alert>
        <el-table :data="errors" border size="small">
          <el-table-column :label="$t('mon.file')" prop="file" width="160"></el-table-column>
          <el-table-column :label="$t('mon.sheet')" prop="sheet" width="100"></el-table-column>
          <el-table-column :label="$t('mon.row')" prop="row" width="70"></el-table-column>
          <el-table-column :label="$t('mon.column')" prop="column" width="140"></el-table-column>
          <el-table-column :label="$t('mon.problem')" prop="reason" min-width="240"></el-table-column>
        </el-table>
      </div>
    </div>`,
  };
  area.util = { STATUS_TAG, LIGHT, CMP, num, pct, toBase64, ImportBox };
});
