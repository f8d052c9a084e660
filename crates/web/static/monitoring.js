/* innocity web UI — monitoring (监测): what is due and by when, data entry with previous years
 * and live validation, submission and review, Excel template and upload, the target
 * scorecard and participant cockpit. Loaded after plans.js and before app.js; adds its
 * pages to IC.pages and its texts to IC.messages. */
(function () {
  'use strict';
  const { reactive, ref, computed, watch, onMounted } = Vue;
  const IC = window.IC;
  const { store, t, api, route } = IC;

  Object.assign(IC.messages.zh, {
    'nav.monitoring_group': '监测评价',
    'nav.monitoring': '数据填报',
    'nav.scorecard': '目标监测',
    'mon.year': '年度',
    'mon.form': '报表',
    'mon.org': '填报单位',
    'mon.region': '地区',
    'mon.items': '数据项',
    'mon.filled': '已填',
    'mon.due': '截止日期',
    'mon.status': '状态',
    'mon.overdue': '已逾期',
    'mon.on_time': '按时',
    'mon.late': '逾期提交',
    'mon.open': '打开',
    'mon.completeness': '完成情况',
    'mon.c_total': '分配 {n}',
    'mon.c_submitted': '已提交 {n}',
    'mon.c_approved': '已审核 {n}',
    'mon.c_overdue': '逾期未交 {n}',
    'mon.st.draft': '草稿',
    'mon.st.submitted': '已提交',
    'mon.st.approved': '已审核',
    'mon.st.returned': '已退回',
    'mon.st.accepted': '已确认',
    'mon.item': '数据项',
    'mon.unit': '单位',
    'mon.value': '{y}年数值',
    'mon.comment': '备注',
    'mon.missing_reason': '缺失原因',
    'mon.violations': '校验提示',
    'mon.no_violations': '没有校验问题',
    'mon.imp.high': '高',
    'mon.imp.medium': '中',
    'mon.imp.low': '低',
    'mon.save': '保存草稿',
    'mon.submit': '提交',
    'mon.saved': '已保存',
    'mon.submitted': '已提交',
    'mon.approve': '审核通过',
    'mon.return': '退回',
    'mon.accept': '确认(上级)',
    'mon.unapprove': '撤销审核',
    'mon.reason': '原因',
    'mon.reason_required': '请填写原因',
    'mon.returned_reason': '退回原因: {r}',
    'mon.hidden': '草稿数据仅填报单位可见。',
    'mon.template': '下载 Excel 模板',
    'mon.upload': '上传文件',
    'mon.dry_run_ok': '检查通过: 新增 {i}、修改 {u}、不变 {n};确认后一次性写入。',
    'mon.commit': '确认导入',
    'mon.committed': '已导入',
    'mon.report': '问题清单(未写入任何数据)',
    'mon.file': '文件',
    'mon.sheet': '工作表',
    'mon.row': '行',
    'mon.column': '列',
    'mon.problem': '原因',
    'mon.participant': '建设主体',
    'mon.unapproved': '包含未审核数据',
    'mon.export': '导出 Excel',
    'mon.indicator': '指标',
    'mon.target': '目标',
    'mon.target_year': '目标年',
    'mon.baseline': '基期',
    'mon.latest': '最新',
    'mon.progress': '进度',
    'mon.req_growth': '需年均增长',
    'mon.act_growth': '实际年均增长',
    'mon.forecast': '预测({m})',
    'mon.method.log_linear': '对数线性趋势',
    'mon.method.linear': '线性趋势',
    'mon.trends': '指标趋势',
    'mon.actual': '实际值',
    'mon.target_line': '目标值',
    'mon.no_plan': '该建设主体还没有实施方案。',
    'mon.thresholds': '状态规则: 最新值达到目标为已达标;按对数线性趋势预测目标年能达到为正常;预测可完成基期至目标差距的 80% 以上为滞后,不足 80% 或目标年已过仍未达到为严重滞后;年度目标达到 80% 以上为滞后。',
    'mon.annual': '每年',
    'mon.tasks': '重点任务',
    'mon.t_total': '共 {n} 项',
    'mon.t_closed': '已销号 {n}',
    'mon.t_mean': '平均进度 {p}',
    'mon.colour.red': '红色预警 {n}',
    'mon.colour.yellow': '黄色预警 {n}',
    'mon.colour.blue': '蓝色预警 {n}',
    'mon.colour.green': '正常 {n}',
    'mon.revised': '已修订',
    'mon.revision': '第 {r} 版',
  });
  Object.assign(IC.messages.en, {
    'nav.monitoring_group': 'Monitoring',
    'nav.monitoring': 'Data reporting',
    'nav.scorecard': 'Target tracking',
    'mon.year': 'Year',
    'mon.form': 'Form',
    'mon.org': 'Reporting unit',
    'mon.region': 'Region',
    'mon.items': 'Items',
    'mon.filled': 'Filled',
    'mon.due': 'Due',
    'mon.status': 'Status',
    'mon.overdue': 'Overdue',
    'mon.on_time': 'On time',
    'mon.late': 'Late',
    'mon.open': 'Open',
    'mon.completeness': 'Completeness',
    'mon.c_total': '{n} assigned',
    'mon.c_submitted': '{n} submitted',
    'mon.c_approved': '{n} approved',
    'mon.c_overdue': '{n} overdue',
    'mon.st.draft': 'Draft',
    'mon.st.submitted': 'Submitted',
    'mon.st.approved': 'Approved',
    'mon.st.returned': 'Returned',
    'mon.st.accepted': 'Accepted',
    'mon.item': 'Item',
    'mon.unit': 'Unit',
    'mon.value': 'Value {y}',
    'mon.comment': 'Comment',
    'mon.missing_reason': 'Reason if missing',
    'mon.violations': 'Validation',
    'mon.no_violations': 'No validation issues',
    'mon.imp.high': 'high',
    'mon.imp.medium': 'medium',
    'mon.imp.low': 'low',
    'mon.save': 'Save draft',
    'mon.submit': 'Submit',
    'mon.saved': 'Saved',
    'mon.submitted': 'Submitted',
    'mon.approve': 'Approve',
    'mon.return': 'Return',
    'mon.accept': 'Accept (level above)',
    'mon.unapprove': 'Unapprove',
    'mon.reason': 'Reason',
    'mon.reason_required': 'Please give a reason',
    'mon.returned_reason': 'Returned: {r}',
    'mon.hidden': 'Draft values are visible to the reporting unit only.',
    'mon.template': 'Excel template',
    'mon.upload': 'Upload file',
    'mon.dry_run_ok': 'Check passed: {i} new, {u} changed, {n} unchanged; confirm to write them all at once.',
    'mon.commit': 'Import',
    'mon.committed': 'Imported',
    'mon.report': 'Problems (nothing was written)',
    'mon.file': 'File',
    'mon.sheet': 'Sheet',
    'mon.row': 'Row',
    'mon.column': 'Column',
    'mon.problem': 'Reason',
    'mon.participant': 'Participant',
    'mon.unapproved': 'Include unapproved data',
    'mon.export': 'Export Excel',
    'mon.indicator': 'Indicator',
    'mon.target': 'Target',
    'mon.target_year': 'Target year',
    'mon.baseline': 'Baseline',
    'mon.latest': 'Latest',
    'mon.progress': 'Progress',
    'mon.req_growth': 'Required growth p.a.',
    'mon.act_growth': 'Actual growth p.a.',
    'mon.forecast': 'Forecast ({m})',
    'mon.method.log_linear': 'log-linear trend',
    'mon.method.linear': 'linear trend',
    'mon.trends': 'Trends',
    'mon.actual': 'Actual',
    'mon.target_line': 'Target',
    'mon.no_plan': 'This participant has no plan yet.',
    'mon.thresholds': 'Status: met when the latest value meets the target; on track when the log-linear forecast meets it by the target year; lagging when the forecast covers at least 80% of the distance from baseline to target; seriously lagging below 80% or when the target year has passed; annual targets at 80% or more are lagging.',
    'mon.annual': 'annual',
    'mon.tasks': 'Key tasks',
    'mon.t_total': '{n} in all',
    'mon.t_closed': '{n} closed',
    'mon.t_mean': 'mean progress {p}',
    'mon.colour.red': '{n} red',
    'mon.colour.yellow': '{n} yellow',
    'mon.colour.blue': '{n} blue',
    'mon.colour.green': '{n} on track',
    'mon.revised': 'revised',
    'mon.revision': 'revision {r}',
  });

  // Page styles of this module (kept here so the shared stylesheet stays untouched).
  const style = document.createElement('style');
  style.textContent = '.light{display:inline-block;width:14px;height:14px;border-radius:50%;vertical-align:middle}'
    + '.viol{font-size:12px;line-height:1.4}.viol-high{color:#f56c6c}.viol-medium{color:#e6a23c}.viol-low{color:#909399}'
    + '.field-err{color:#f56c6c;font-size:12px}.ml{margin-left:8px}.chart-title{font-weight:600;margin:8px 0 4px}'
    + '.mon-summary .el-tag{margin-right:6px}';
  document.head.appendChild(style);

  const crumbs = (...c) => { store.crumbs = c; };
  const STATUS_TAG = { draft: 'info', submitted: 'primary', approved: 'success', returned: 'danger', accepted: 'success' };
  const LIGHT = { green: '#67c23a', yellow: '#e6a23c', red: '#f56c6c', grey: '#909399' };
  const CMP = { ge: '≥', gt: '>', le: '≤', lt: '<', eq: '=', approx: '≈', range: '∈' };
  const num = (v, d) => (v === null || v === undefined ? '—' : String(Math.round(v * Math.pow(10, d === undefined ? 2 : d)) / Math.pow(10, d === undefined ? 2 : d)));
  const pct = (v) => (v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%');
  IC.can.report = (u) => !!u && ['admin', 'dept_reporter', 'county_reporter'].includes(u.role);
  IC.can.review = (u) => !!u && ['admin', 'coordinator'].includes(u.role);
  IC.can.accept = (u) => !!u && ['admin', 'reviewer'].includes(u.role);

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
      <label class="el-button el-button--default" data-test="mon-upload"><input type="file" accept=".xlsx,.csv,.json" style="display:none" @change="pick">{{ t('mon.upload') }}</label>
      <div v-if="report && report.errors.length === 0" class="mt">
        <el-alert type="success" :closable="false" show-icon :title="t('mon.dry_run_ok', { i: report.inserted, u: report.updated, n: report.unchanged })"></el-alert>
        <el-button type="primary" class="mt" :loading="busy" @click="send(false)" data-test="mon-commit">{{ t('mon.commit') }}</el-button>
      </div>
      <div v-if="errors.length" class="mt" data-test="mon-report">
        <el-alert type="error" :closable="false" show-icon :title="t('mon.report')"></el-alert>
        <el-table :data="errors" border size="small">
          <el-table-column :label="t('mon.file')" prop="file" width="160"></el-table-column>
          <el-table-column :label="t('mon.sheet')" prop="sheet" width="100"></el-table-column>
          <el-table-column :label="t('mon.row')" prop="row" width="70"></el-table-column>
          <el-table-column :label="t('mon.column')" prop="column" width="140"></el-table-column>
          <el-table-column :label="t('mon.problem')" prop="reason" min-width="240"></el-table-column>
        </el-table>
      </div>
    </div>`,
  };

  const pages = {};

  // ------------------------------------------------------------------ what is due
  pages.MonitoringPage = {
    components: { ImportBox },
    setup() {
      const setCrumbs = () => crumbs({ label: t('nav.monitoring') });
      setCrumbs();
      watch(() => store.lang, setCrumbs);
      const year = ref(route.query.year && /^\d{4}$/.test(route.query.year) ? Number(route.query.year) : null);
      const items = ref([]);
      const summary = ref(null);
      const loading = ref(false);
      async function load() {
        loading.value = true;
        try {
          const r = await api.get('/monitoring/assignments', { year: year.value || '' });
          items.value = r.items; summary.value = r.completeness;
        } finally { loading.value = false; }
      }
      onMounted(load);
      const canImport = computed(() => !!store.user && !['expert', 'reviewer', 'viewer'].includes(store.user.role));
      return { year, items, summary, loading, load, canImport, STATUS_TAG, t, IC };
    },
    template: `<page-card :title="t('nav.monitoring')">
      <el-form :inline="true" class="filter-bar" @submit.prevent>
        <el-form-item :label="t('mon.year')">
          <el-input-number v-model="year" :min="2000" :max="2100" controls-position="right" @change="load" data-test="mon-year"></el-input-number>
        </el-form-item>
        <el-form-item v-if="summary">
          <span class="mon-summary" data-test="mon-completeness">{{ t('mon.completeness') }}:
            <el-tag>{{ t('mon.c_total', { n: summary.assignments }) }}</el-tag>
            <el-tag type="primary">{{ t('mon.c_submitted', { n: summary.submitted }) }}</el-tag>
            <el-tag type="success">{{ t('mon.c_approved', { n: summary.approved }) }}</el-tag>
            <el-tag type="danger">{{ t('mon.c_overdue', { n: summary.overdue }) }}</el-tag>
          </span>
        </el-form-item>
      </el-form>
      <el-table :data="items" v-loading="loading" border stripe :empty-text="t('common.empty')" data-test="mon-assignments">
        <el-table-column :label="t('mon.form')" prop="form_name" min-width="220"></el-table-column>
        <el-table-column :label="t('mon.org')" prop="org_name" min-width="150"></el-table-column>
        <el-table-column :label="t('mon.region')" prop="region_name" width="110"></el-table-column>
        <el-table-column :label="t('mon.filled')" width="90"><template #default="{ row }">{{ row.filled === null ? '—' : row.filled }} / {{ row.item_count }}</template></el-table-column>
        <el-table-column :label="t('mon.due')" width="150"><template #default="{ row }">{{ row.due_date }} <el-tag v-if="row.overdue" type="danger" size="small">{{ t('mon.overdue') }}</el-tag><el-tag v-else-if="row.on_time === false" type="warning" size="small">{{ t('mon.late') }}</el-tag></template></el-table-column>
        <el-table-column :label="t('mon.status')" width="100"><template #default="{ row }"><el-tag :type="STATUS_TAG[row.status]" :data-test="'mon-status-' + row.id">{{ t('mon.st.' + row.status) }}</el-tag></template></el-table-column>
        <el-table-column width="90"><template #default="{ row }"><el-button link type="primary" @click="IC.push('/monitoring/assignments/' + row.id)" :data-test="'mon-open-' + row.id">{{ t('mon.open') }}</el-button></template></el-table-column>
      </el-table>
      <import-box v-if="canImport" class="mt" @done="load"></import-box>
    </page-card>`,
  };

  // ------------------------------------------------------------------ entry and review
  pages.AssignmentPage = {
    components: { ImportBox },
    setup() {
      const id = route.params.id;
      const d = ref(null);
      const vals = reactive({});
      const violations = ref([]);
      const busy = ref(false);
      const fieldErrs = ref({});
      const dialog = reactive({ show: false, action: '', reason: '', err: '' });
      async function load() {
        const r = await api.get('/monitoring/assignments/' + id);
        d.value = r;
        violations.value = r.violations;
        r.rows.forEach((row) => {
          vals[row.item.code] = { value: row.value, comment: row.comment || '', missing_reason: row.missing_reason || '' };
        });
        crumbs({ label: t('nav.monitoring'), to: '/monitoring' }, { label: r.assignment.form_name + ' · ' + r.assignment.org_name });
      }
      const payload = () => Object.keys(vals).map((k) => ({
        item: k,
        value: vals[k].value === '' || vals[k].value === null || vals[k].value === undefined || isNaN(Number(vals[k].value)) ? null : Number(vals[k].value),
        comment: vals[k].comment || null,
        missing_reason: vals[k].missing_reason || null,
      }));
      let timer = null;
      function typed() {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          try { violations.value = (await api.post('/monitoring/assignments/' + id + '/check', { values: payload() }, { quiet: true })).violations; } catch (e) { /* shown on save */ }
        }, 400);
      }
      async function save() {
        busy.value = true; fieldErrs.value = {};
        try { d.value = await api.put('/monitoring/assignments/' + id + '/values', { values: payload() }); violations.value = d.value.violations; ElementPlus.ElMessage.success(t('mon.saved')); } catch (e) { fieldErrs.value = e.fields || {}; } finally { busy.value = false; }
      }
      async function submit() {
        busy.value = true; fieldErrs.value = {};
        try {
          await api.put('/monitoring/assignments/' + id + '/values', { values: payload() });
          await api.post('/monitoring/assignments/' + id + '/submit', {});
          ElementPlus.ElMessage.success(t('mon.submitted'));
          await load();
        } catch (e) { fieldErrs.value = e.fields || {}; } finally { busy.value = false; }
      }
      function ask(action) { dialog.action = action; dialog.reason = ''; dialog.err = ''; dialog.show = true; }
      async function review(action, reason) {
        busy.value = true;
        try { await api.post('/monitoring/assignments/' + id + '/review', { action, reason: reason || null }); dialog.show = false; await load(); } catch (e) { dialog.err = (e.fields && e.fields.reason) || e.message; } finally { busy.value = false; }
      }
      function confirmDialog() {
        if (!dialog.reason.trim()) { dialog.err = t('mon.reason_required'); return; }
        review(dialog.action, dialog.reason.trim());
      }
      const errFor = (code) => fieldErrs.value['values.' + code] || fieldErrs.value['values.' + code + '.value'] || '';
      const violFor = (code) => violations.value.filter((v) => v.items.includes(code));
      const st = computed(() => d.value && d.value.assignment.status);
      onMounted(load);
      return {
        d, vals, violations, busy, dialog, save, submit, ask, review, confirmDialog, typed, errFor, violFor, st,
        STATUS_TAG, num, t, IC, store, load,
        canReview: computed(() => IC.can.review(store.user)),
        canAccept: computed(() => IC.can.accept(store.user)),
      };
    },
    template: `<div v-if="d">
      <page-card :title="d.assignment.form_name + ' · ' + d.assignment.org_name + ' · ' + d.assignment.region_name">
        <template #extra>
          <el-tag :type="STATUS_TAG[st]" data-test="mon-status">{{ t('mon.st.' + st) }}</el-tag>
          <a class="el-button el-button--default el-button--small ml" :href="'/api/v1/monitoring/assignments/' + d.assignment.id + '/template.xlsx'" data-test="mon-template">{{ t('mon.template') }}</a>
        </template>
        <p class="muted">{{ t('mon.due') }}: {{ d.assignment.due_date }} <el-tag v-if="d.assignment.overdue" type="danger" size="small">{{ t('mon.overdue') }}</el-tag></p>
        <el-alert v-if="d.assignment.reason && st === 'returned'" type="warning" :closable="false" show-icon :title="t('mon.returned_reason', { r: d.assignment.reason })" class="mb" data-test="mon-return-reason"></el-alert>
        <el-alert v-if="d.hidden" type="info" :closable="false" show-icon :title="t('mon.hidden')" class="mb"></el-alert>
        <el-table :data="d.rows" border data-test="mon-entry">
          <el-table-column :label="t('mon.item')" min-width="200"><template #default="{ row }">{{ row.item.name_zh }}<div class="muted small">{{ row.item.code }}</div></template></el-table-column>
          <el-table-column :label="t('mon.unit')" width="70"><template #default="{ row }">{{ row.item.unit }}</template></el-table-column>
          <el-table-column v-for="(p, k) in d.rows.length ? d.rows[0].previous : []" :key="k" :label="String(p.year)" width="90"><template #default="{ row }">{{ num(row.previous[k].value) }}</template></el-table-column>
          <el-table-column :label="t('mon.value', { y: d.assignment.year })" width="150">
            <template #default="{ row }">
              <el-input v-if="d.assignment.editable" v-model="vals[row.item.code].value" @input="typed" :data-test="'mon-value-' + row.item.code" inputmode="decimal"></el-input>
              <span v-else>{{ num(row.value, 4) }}</span>
              <div class="field-err" v-if="errFor(row.item.code)">{{ errFor(row.item.code) }}</div>
            </template>
          </el-table-column>
          <el-table-column :label="t('mon.comment')" min-width="160"><template #default="{ row }"><el-input v-if="d.assignment.editable" v-model="vals[row.item.code].comment" :data-test="'mon-comment-' + row.item.code"></el-input><span v-else>{{ row.comment }}</span></template></el-table-column>
          <el-table-column :label="t('mon.missing_reason')" min-width="140"><template #default="{ row }"><el-input v-if="d.assignment.editable" v-model="vals[row.item.code].missing_reason" :data-test="'mon-reason-' + row.item.code"></el-input><span v-else>{{ row.missing_reason }}</span></template></el-table-column>
          <el-table-column :label="t('mon.violations')" min-width="200"><template #default="{ row }"><div v-for="v in violFor(row.item.code)" :key="v.rule" :class="'viol viol-' + v.importance" data-test="mon-violation">[{{ t('mon.imp.' + v.importance) }}] {{ v.message }}</div></template></el-table-column>
        </el-table>
        <div class="mt">
          <template v-if="d.assignment.editable">
            <el-button @click="save" :loading="busy" data-test="mon-save">{{ t('mon.save') }}</el-button>
            <el-button type="primary" @click="submit" :loading="busy" data-test="mon-submit">{{ t('mon.submit') }}</el-button>
          </template>
          <template v-if="canReview && st === 'submitted'">
            <el-button type="success" @click="review('approve')" :loading="busy" data-test="mon-approve">{{ t('mon.approve') }}</el-button>
            <el-button type="danger" @click="ask('return')" data-test="mon-return">{{ t('mon.return') }}</el-button>
          </template>
          <el-button v-if="canAccept && st === 'approved'" type="success" @click="review('accept')" data-test="mon-accept">{{ t('mon.accept') }}</el-button>
          <el-button v-if="canReview && (st === 'approved' || st === 'accepted')" @click="ask('unapprove')" data-test="mon-unapprove">{{ t('mon.unapprove') }}</el-button>
        </div>
        <import-box v-if="d.assignment.editable" class="mt" @done="load"></import-box>
      </page-card>
      <el-dialog v-model="dialog.show" :title="t('mon.' + dialog.action)" width="420px">
        <el-input v-model="dialog.reason" type="textarea" :rows="3" :placeholder="t('mon.reason')" id="mon-reason-input"></el-input>
        <div class="field-err" v-if="dialog.err" data-test="mon-dialog-error">{{ dialog.err }}</div>
        <template #footer><el-button type="primary" @click="confirmDialog" :loading="busy" id="mon-reason-confirm">{{ t('mon.' + dialog.action) }}</el-button></template>
      </el-dialog>
    </div>`,
  };

  // ------------------------------------------------------------------ scorecard / cockpit
  pages.ScorecardPage = {
    setup() {
      const setCrumbs = () => crumbs({ label: t('nav.scorecard') });
      setCrumbs();
      watch(() => store.lang, setCrumbs);
      const participants = ref([]);
      const pid = ref(route.params.id ? Number(route.params.id) : null);
      const unapproved = ref(false);
      const sc = ref(null);
      const loading = ref(false);
      async function load() {
        if (!pid.value) return;
        loading.value = true;
        try { sc.value = await api.get('/monitoring/scorecard/' + pid.value, { unapproved: unapproved.value ? 'true' : '' }); } finally { loading.value = false; }
      }
      onMounted(async () => {
        const r = await api.get('/plans');
        const seen = {};
        participants.value = (r.items || []).filter((p) => !seen[p.participant_id] && (seen[p.participant_id] = true)).map((p) => ({ id: p.participant_id, name: p.region_name }));
        if (!pid.value && participants.value.length) pid.value = participants.value[0].id;
        load();
      });
      function pick() { IC.push('/monitoring/scorecard/' + pid.value, true); load(); }
      function chart(row) {
        const years = row.series.map((p) => p.year);
        const target = row.tracking.target_value;
        const ty = row.target_year;
        const xs = years.slice();
        if (ty && !xs.includes(ty)) { for (let y = (xs.length ? xs[xs.length - 1] : ty) + 1; y <= ty; y++) xs.push(y); }
        const data = xs.map((y) => { const p = row.series.find((s) => s.year === y); return p ? p.value : null; });
        const series = [{ name: t('mon.actual'), type: 'line', data, connectNulls: false, markLine: target === null ? undefined : { symbol: 'none', lineStyle: { color: '#f56c6c', type: 'dashed' }, label: { formatter: t('mon.target_line') + ' ' + target }, data: [{ yAxis: target }] } }];
        if (row.tracking.forecast !== null && ty && years.length) {
          const last = row.series[row.series.length - 1];
          series.push({ name: t('mon.forecast', { m: t('mon.method.' + row.tracking.forecast_method) }), type: 'line', lineStyle: { type: 'dotted' }, data: xs.map((y) => (y === last.year ? last.value : y === ty ? row.tracking.forecast : null)), connectNulls: true });
        }
        return { tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 50, right: 20, top: 30, bottom: 40 }, xAxis: { type: 'category', data: xs.map(String) }, yAxis: { type: 'value', scale: true }, series };
      }
      const targetText = (r) => (CMP[r.comparator] || '') + ' ' + (r.comparator === 'range' ? r.target_value + '–' + r.value_max : num(r.target_value)) + (r.unit || '');
      const TASK_TAG = { red: 'danger', yellow: 'warning', blue: 'primary' };
      return { participants, pid, unapproved, sc, loading, load, pick, chart, targetText, LIGHT, TASK_TAG, num, pct, t, IC };
    },
    template: `<div>
      <page-card :title="t('nav.scorecard')">
        <template #extra><a v-if="sc" class="el-button el-button--default el-button--small" :href="'/api/v1/monitoring/scorecard/' + sc.participant_id + '/export.xlsx' + (unapproved ? '?unapproved=true' : '')" data-test="sc-export">{{ t('mon.export') }}</a></template>
        <el-form :inline="true" class="filter-bar" @submit.prevent>
          <el-form-item :label="t('mon.participant')">
            <el-select v-model="pid" @change="pick" style="width: 220px" data-test="sc-participant"><el-option v-for="p in participants" :key="p.id" :label="p.name" :value="p.id"></el-option></el-select>
          </el-form-item>
          <el-form-item><el-checkbox v-model="unapproved" @change="load" data-test="sc-unapproved">{{ t('mon.unapproved') }}</el-checkbox></el-form-item>
          <el-form-item v-if="sc"><span class="mon-summary">{{ t('mon.completeness') }}: <el-tag>{{ t('mon.c_total', { n: sc.completeness.assignments }) }}</el-tag> <el-tag type="success">{{ t('mon.c_approved', { n: sc.completeness.approved }) }}</el-tag> <el-tag type="danger">{{ t('mon.c_overdue', { n: sc.completeness.overdue }) }}</el-tag></span></el-form-item>
          <el-form-item v-if="sc && sc.tasks"><span class="mon-summary" data-test="sc-tasks">{{ t('mon.tasks') }}: <el-tag>{{ t('mon.t_total', { n: sc.tasks.total }) }}</el-tag> <el-tag type="success">{{ t('mon.t_closed', { n: sc.tasks.closed }) }}</el-tag>
            <el-tag v-for="c in ['red', 'yellow', 'blue']" v-show="sc.tasks.colours[c]" :key="c" :type="TASK_TAG[c]" :data-test="'sc-tasks-' + c">{{ t('mon.colour.' + c, { n: sc.tasks.colours[c] || 0 }) }}</el-tag>
            <el-tag v-if="sc.tasks.mean_progress !== null" type="info">{{ t('mon.t_mean', { p: num(sc.tasks.mean_progress) + '%' }) }}</el-tag></span></el-form-item>
        </el-form>
        <el-alert v-if="sc && !sc.plan_id" type="info" :closable="false" :title="t('mon.no_plan')"></el-alert>
        <el-table v-if="sc" :data="sc.rows" v-loading="loading" border data-test="scorecard">
          <el-table-column width="46"><template #default="{ row }"><span class="light" :style="{ background: LIGHT[row.tracking.light] }" :data-test="'sc-light-' + row.indicator"></span></template></el-table-column>
          <el-table-column :label="t('mon.indicator')" min-width="220"><template #default="{ row }">{{ row.indicator_text }}
            <el-tooltip v-if="row.history && row.history.length" placement="top"><template #content><div v-for="h in row.history" :key="h.plan_id">{{ t('mon.revision', { r: h.revision }) }}<span v-if="h.doc_date"> ({{ h.doc_date }})</span>: {{ targetText(h) }} {{ h.target_year || '' }}</div></template><el-tag size="small" type="warning" :data-test="'sc-revised-' + row.indicator">{{ t('mon.revised') }}</el-tag></el-tooltip></template></el-table-column>
          <el-table-column :label="t('mon.target')" width="120"><template #default="{ row }">{{ targetText(row) }}</template></el-table-column>
          <el-table-column :label="t('mon.target_year')" width="80"><template #default="{ row }">{{ row.target_year || t('mon.annual') }}</template></el-table-column>
          <el-table-column :label="t('mon.baseline')" width="110"><template #default="{ row }"><span v-if="row.tracking.baseline">{{ num(row.tracking.baseline.value) }} ({{ row.tracking.baseline.year }})</span><span v-else>—</span></template></el-table-column>
          <el-table-column :label="t('mon.latest')" width="110"><template #default="{ row }"><span v-if="row.tracking.latest">{{ num(row.tracking.latest.value) }} ({{ row.tracking.latest.year }})</span><span v-else>—</span></template></el-table-column>
          <el-table-column :label="t('mon.progress')" width="90"><template #default="{ row }">{{ pct(row.tracking.progress) }}</template></el-table-column>
          <el-table-column :label="t('mon.req_growth')" width="100"><template #default="{ row }">{{ pct(row.tracking.required_growth) }}</template></el-table-column>
          <el-table-column :label="t('mon.act_growth')" width="100"><template #default="{ row }">{{ pct(row.tracking.actual_growth) }}</template></el-table-column>
          <el-table-column :label="t('mon.forecast', { m: t('mon.method.log_linear') })" width="130"><template #default="{ row }">{{ num(row.tracking.forecast) }}</template></el-table-column>
          <el-table-column :label="t('mon.status')" width="100"><template #default="{ row }"><span :data-test="'sc-status-' + row.indicator">{{ row.tracking.status_label }}</span></template></el-table-column>
        </el-table>
        <p class="muted small mt">{{ t('mon.thresholds') }}</p>
      </page-card>
      <page-card v-if="sc && sc.rows.length" :title="t('mon.trends')" class="mt">
        <el-row :gutter="16">
          <el-col v-for="row in sc.rows" :key="row.target_id" :xs="24" :md="12" :lg="8">
            <div class="chart-title"><span class="light" :style="{ background: LIGHT[row.tracking.light] }"></span> {{ row.indicator_text }}</div>
            <e-chart :option="chart(row)" height="240px"></e-chart>
          </el-col>
        </el-row>
      </page-card>
    </div>`,
  };

  Object.assign(IC.pages, pages);
})();
