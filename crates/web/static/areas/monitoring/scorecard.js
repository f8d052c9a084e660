/* innocity web UI — monitoring: scorecard / cockpit (目标监测). */
'use strict';
IC.module('monitoring', ({ t, api, area }) => {
  const { ref, onMounted } = Vue;
  const { LIGHT, CMP, num, pct } = area.util;

  // ------------------------------------------------------------------ scorecard / cockpit
  const ScorecardPage = {
    setup() {
      const route = VueRouter.useRoute();
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
      <page-card :title="$t('nav.scorecard')">
        <template #extra><a v-if="sc" class="el-button el-button--default el-button--small" :href="'/api/v1/monitoring/scorecard/' + sc.participant_id + '/export.xlsx' + (unapproved ? '?unapproved=true' : '')" data-test="sc-export">{{ $t('mon.export') }}</a></template>
        <el-form :inline="true" class="filter-bar" @submit.prevent>
          <el-form-item :label="$t('mon.participant')">
            <el-select v-model="pid" @change="pick" style="width: 220px" data-test="sc-participant"><el-option v-for="p in participants" :key="p.id" :label="p.name" :value="p.id"></el-option></el-select>
          </el-form-item>
          <el-form-item><el-checkbox v-model="unapproved" @change="load" data-test="sc-unapproved">{{ $t('mon.unapproved') }}</el-checkbox></el-form-item>
          <el-form-item v-if="sc"><span class="mon-summary">{{ $t('mon.completeness') }}: <el-tag>{{ $t('mon.c_total', { n: sc.completeness.assignments }) }}</el-tag> <el-tag type="success">{{ $t('mon.c_approved', { n: sc.completeness.approved }) }}</el-tag> <el-tag type="danger">{{ $t('mon.c_overdue', { n: sc.completeness.overdue }) }}</el-tag></span></el-form-item>
          <el-form-item v-if="sc && sc.tasks"><span class="mon-summary" data-test="sc-tasks">{{ $t('mon.tasks') }}: <el-tag>{{ $t('mon.t_total', { n: sc.tasks.total }) }}</el-tag> <el-tag type="success">{{ $t('mon.t_closed', { n: sc.tasks.closed }) }}</el-tag>
            <el-tag v-for="c in ['red', 'yellow', 'blue']" v-show="sc.tasks.colours[c]" :key="c" :type="TASK_TAG[c]" :data-test="'sc-tasks-' + c">{{ $t('mon.colour.' + c, { n: sc.tasks.colours[c] || 0 }) }}</el-tag>
            <el-tag v-if="sc.tasks.mean_progress !== null" type="info">{{ $t('mon.t_mean', { p: num(sc.tasks.mean_progress) + '%' }) }}</el-tag></span></el-form-item>
        </el-form>
        <el-alert v-if="sc && !sc.plan_id" type="info" :closable="false" :title="$t('mon.no_plan')"></el-alert>
        <el-table v-if="sc" :data="sc.rows" v-loading="loading" border data-test="scorecard">
          <el-table-column width="46"><template #default="{ row }"><span class="light" :style="{ background: LIGHT[row.tracking.light] }" :data-test="'sc-light-' + row.indicator"></span></template></el-table-column>
          <el-table-column :label="$t('mon.indicator')" min-width="220"><template #default="{ row }">{{ row.indicator_text }}
            <el-tooltip v-if="row.history && row.history.length" placement="top"><template #content><div v-for="h in row.history" :key="h.plan_id">{{ $t('mon.revision', { r: h.revision }) }}<span v-if="h.doc_date"> ({{ h.doc_date }})</span>: {{ targetText(h) }} {{ h.target_year || '' }}</div></template><el-tag size="small" type="warning" :data-test="'sc-revised-' + row.indicator">{{ $t('mon.revised') }}</el-tag></el-tooltip></template></el-table-column>
          <el-table-column :label="$t('mon.target')" width="120"><template #default="{ row }">{{ targetText(row) }}</template></el-table-column>
          <el-table-column :label="$t('mon.target_year')" width="80"><template #default="{ row }">{{ row.target_year || $t('mon.annual') }}</template></el-table-column>
          <el-table-column :label="$t('mon.baseline')" width="110"><template #default="{ row }"><span v-if="row.tracking.baseline">{{ num(row.tracking.baseline.value) }} ({{ row.tracking.baseline.year }})</span><span v-else>—</span></template></el-table-column>
          <el-table-column :label="$t('mon.latest')" width="110"><template #default="{ row }"><span v-if="row.tracking.latest">{{ num(row.tracking.latest.value) }} ({{ row.tracking.latest.year }})</span><span v-else>—</span></template></el-table-column>
          <el-table-column :label="$t('mon.progress')" width="90"><template #default="{ row }">{{ pct(row.tracking.progress) }}</template></el-table-column>
          <el-table-column :label="$t('mon.req_growth')" width="100"><template #default="{ row }">{{ pct(row.tracking.required_growth) }}</template></el-table-column>
          <el-table-column :label="$t('mon.act_growth')" width="100"><template #default="{ row }">{{ pct(row.tracking.actual_growth) }}</template></el-table-column>
          <el-table-column :label="$t('mon.forecast', { m: $t('mon.method.log_linear') })" width="130"><template #default="{ row }">{{ num(row.tracking.forecast) }}</template></el-table-column>
          <el-table-column :label="$t('mon.status')" width="100"><template #default="{ row }"><span :data-test="'sc-status-' + row.indicator">{{ row.tracking.status_label }}</span></template></el-table-column>
        </el-table>
        <p class="muted small mt">{{ $t('mon.thresholds') }}</p>
      </page-card>
      <page-card v-if="sc && sc.rows.length" :title="$t('mon.trends')" class="mt">
        <el-row :gutter="16">
          <el-col v-for="row in sc.rows" :key="row.target_id" :xs="24" :md="12" :lg="8">
            <div class="chart-title"><span class="light" :style="{ background: LIGHT[row.tracking.light] }"></span> {{ row.indicator_text }}</div>
            <e-chart :option="chart(row)" height="240px"></e-chart>
          </el-col>
        </el-row>
      </page-card>
    </div>`,
  };

  area.routes.push(
    { path: '/monitoring/scorecard', name: 'scorecard', component: ScorecardPage, meta: { nav: '/monitoring/scorecard', crumb: [{ key: 'nav.scorecard' }] } },
    { path: '/monitoring/scorecard/:id', name: 'scorecard-one', component: ScorecardPage, meta: { nav: '/monitoring/scorecard', crumb: [{ key: 'nav.scorecard' }] } },
  );
});
