/* innocity web UI — evaluation: one run — progress, ranking, charts, sensitivity, export. */
'use strict';
IC.module('evaluation', ({ t, api, push, crumbs, store, area }) => {
  const { reactive, ref, computed, onMounted, onBeforeUnmount } = Vue;
  const { fmt, statusType } = area.util;

  // ------------------------------------------------------------------ one run
  const RunPage = {
    setup() {
      const route = VueRouter.useRoute();
      const d = ref(null);
      const selected = ref(null);
      let timer = null;
      const load = async () => {
        d.value = await api.get('/evaluations/runs/' + route.params.id);
        crumbs({ label: d.value.run.method_name + ' · ' + d.value.run.year });
        if (selected.value === null && d.value.results.length) selected.value = d.value.results[0].region_code;
        clearTimeout(timer);
        if (d.value.run.status === 'running') timer = setTimeout(load, 500);
      };
      onMounted(load);
      onBeforeUnmount(() => clearTimeout(timer));
      const top = computed(() => (d.value && d.value.aggregates.length ? d.value.aggregates[0] : null));
      // Dimensions: the aggregates one level below the top.
      const dims = computed(() => {
        if (!top.value) return [];
        return d.value.aggregates.map((a, i) => Object.assign({ i }, a)).filter((a) => a.level === top.value.level - 1);
      });
      const percent = computed(() => (d.value && d.value.run.total ? Math.floor((100 * d.value.run.done) / d.value.run.total) : 100));
      const hasMc = computed(() => d.value && d.value.results.some((r) => r.p05_rank !== null));
      const radar = computed(() => {
        const row = d.value && d.value.results.find((r) => r.region_code === selected.value);
        if (!row || dims.value.length < 3) return null;
        const max = Math.max(100, ...d.value.results.flatMap((r) => dims.value.map((a) => r.scores[a.i] || 0)));
        return {
          tooltip: {},
          radar: { indicator: dims.value.map((a) => ({ name: a.name, max })) },
          series: [{ type: 'radar', data: [{ name: row.name, value: dims.value.map((a) => row.scores[a.i]), areaStyle: { opacity: 0.2 } }] }],
        };
      });
      const intervals = computed(() => {
        if (!hasMc.value) return null;
        const rows = d.value.results.filter((r) => r.p05_rank !== null);
        const names = rows.map((r) => r.name);
        return {
          tooltip: { trigger: 'axis' },
          legend: { data: [t('ev.interval'), t('ev.median'), t('ev.nominal')] },
          grid: { left: 120, right: 30 },
          xAxis: { type: 'value', name: t('ev.rank'), inverse: true, min: 1, minInterval: 1 },
          yAxis: { type: 'category', data: names, inverse: true },
          series: [
            { type: 'bar', stack: 'iv', itemStyle: { color: 'transparent' }, data: rows.map((r) => r.p05_rank), tooltip: { show: false } },
            { name: t('ev.interval'), type: 'bar', stack: 'iv', itemStyle: { color: '#a0cfff' }, data: rows.map((r) => r.p95_rank - r.p05_rank) },
            { name: t('ev.median'), type: 'scatter', symbolSize: 10, data: rows.map((r) => r.median_rank) },
            { name: t('ev.nominal'), type: 'scatter', symbol: 'diamond', symbolSize: 10, data: rows.map((r) => r.rank) },
          ],
        };
      });
      const factorName = (f) => t('ev.factor.' + f);
      const sensitivity = computed(() => {
        if (!d.value || !d.value.sensitivity.length) return null;
        const s = d.value.sensitivity;
        return {
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { data: [t('ev.si'), t('ev.sti')] },
          grid: { left: 60, right: 20, bottom: 40 },
          xAxis: { type: 'category', data: s.map((x) => factorName(x.factor)) },
          yAxis: { type: 'value', min: (v) => Math.min(0, v.min) },
          series: [
            { name: t('ev.si'), type: 'bar', data: s.map((x) => x.si) },
            { name: t('ev.sti'), type: 'bar', data: s.map((x) => x.sti) },
          ],
        };
      });
      const canRerun = computed(() => store.hasAccess('review') && d.value && ['interrupted', 'failed'].includes(d.value.run.status));
      const rerunning = ref(false);
      const rerun = async () => {
        rerunning.value = true;
        try {
          const r = await api.post('/evaluations/runs/' + d.value.run.id + '/rerun', {});
          push('/evaluation/runs/' + r.run.id);
        } finally {
          rerunning.value = false;
        }
      };
      // Rank changes against another run (participants in both).
      const cmp = reactive({ runs: [], other: null, rows: null });
      const loadRuns = async () => {
        if (!cmp.runs.length) cmp.runs = (await api.get('/evaluations/runs')).items.filter((r) => r.id !== d.value.run.id);
      };
      const compare = async () => {
        if (!cmp.other) { cmp.rows = null; return; }
        const o = await api.get('/evaluations/runs/' + cmp.other);
        const there = {};
        o.results.forEach((r) => { there[r.region_code] = r.rank; });
        cmp.rows = d.value.results.filter((r) => r.region_code in there).map((r) => ({
          name: r.name, here: r.rank, there: there[r.region_code],
          change: r.rank !== null && there[r.region_code] !== null ? there[r.region_code] - r.rank : null,
        }));
      };
      const changeText = (c) => (c === null ? '' : c > 0 ? '↑' + c : c < 0 ? '↓' + (-c) : '—');
      const runLabel = (r) => '#' + r.id + ' ' + r.method_name + ' (v' + r.method_version + ') · ' + r.year;
      const exportUrl = computed(() => '/api/v1/evaluations/runs/' + route.params.id + '/export.xlsx');
      return { t, d, selected, dims, percent, hasMc, radar, intervals, sensitivity, factorName, canRerun, rerun, rerunning, cmp, loadRuns, compare, changeText, runLabel, exportUrl, fmt, statusType };
    },
    template: `
      <div v-if="d">
        <page-card :title="d.run.method_name + ' (v' + d.run.method_version + ') — ' + d.run.year">
          <template #extra><el-button tag="a" :href="exportUrl" data-test="ev-export">{{ $t('ev.export') }}</el-button></template>
          <div>
            <el-tag :type="statusType(d.run.status)" data-test="ev-run-status">{{ $t('ev.status.' + d.run.status) }}</el-tag>
            · {{ $t('ev.participants') }} {{ d.run.participants }} · {{ $t('ev.data_note') }}
            <span v-if="d.run.uncertainty_n"> · N = {{ d.run.uncertainty_n }}, {{ $t('ev.seed') }} {{ d.run.seed }}</span>
          </div>
          <div v-if="d.run.total" style="margin-top:8px">{{ $t('ev.progress') }}
            <el-progress :percentage="percent" :status="d.run.status === 'done' ? 'success' : (['failed', 'interrupted'].includes(d.run.status) ? 'exception' : '')" data-test="ev-progress"></el-progress>
            <span class="muted">{{ d.run.done }} / {{ d.run.total }}</span>
          </div>
          <el-alert v-if="d.run.error" type="error" :closable="false" :title="d.run.error" data-test="ev-run-error"></el-alert>
          <div v-if="canRerun" style="margin-top:8px">
            <el-button type="primary" :loading="rerunning" @click="rerun" data-test="ev-rerun">{{ $t('ev.rerun') }}</el-button>
            <span class="muted"> {{ $t('ev.rerun_hint') }}</span>
          </div>
          <div class="muted" style="margin-top:6px">{{ $t('ev.input_sha') }}: <code>{{ d.run.input_sha256 }}</code></div>
        </page-card>
        <page-card :title="$t('ev.ranking')">
          <el-table :data="d.results" size="small" data-test="ev-ranking" highlight-current-row @row-click="(r) => (selected = r.region_code)">
            <el-table-column prop="rank" :label="$t('ev.rank')" width="70"></el-table-column>
            <el-table-column prop="name" :label="$t('ev.region')" width="140"></el-table-column>
            <el-table-column :label="d.aggregates.length ? d.aggregates[0].name : $t('ev.score')" width="130"><template #default="{ row }">{{ fmt(row.score) }}</template></el-table-column>
            <el-table-column v-for="a in dims" :key="a.code" :label="a.name" min-width="110"><template #default="{ row }">{{ fmt(row.scores[a.i]) }}</template></el-table-column>
            <el-table-column v-if="hasMc" :label="$t('ev.median')" width="110"><template #default="{ row }">{{ fmt(row.median_rank, 1) }}</template></el-table-column>
            <el-table-column v-if="hasMc" :label="$t('ev.interval')" width="150"><template #default="{ row }">{{ fmt(row.p05_rank, 1) }} – {{ fmt(row.p95_rank, 1) }}</template></el-table-column>
          </el-table>
        </page-card>
        <el-row :gutter="16">
          <el-col :span="12" v-if="radar"><page-card :title="$t('ev.radar')">
            <el-select v-model="selected" size="small" data-test="ev-radar-select"><el-option v-for="r in d.results" :key="r.region_code" :value="r.region_code" :label="r.name"></el-option></el-select>
            <e-chart :option="radar" height="340px" data-test="ev-radar"></e-chart></page-card></el-col>
          <el-col :span="12" v-if="intervals"><page-card :title="$t('ev.interval_chart')"><e-chart :option="intervals" height="340px" data-test="ev-intervals"></e-chart></page-card></el-col>
        </el-row>
        <page-card v-if="sensitivity" :title="$t('ev.sens_chart') + ' · N_s = ' + d.run.sensitivity_n">
          <el-row :gutter="16">
            <el-col :span="14"><e-chart :option="sensitivity" height="300px" data-test="ev-sensitivity"></e-chart></el-col>
            <el-col :span="10"><el-table :data="d.sensitivity" size="small" data-test="ev-sensitivity-table">
              <el-table-column :label="$t('ev.factor')" min-width="120"><template #default="{ row }">{{ factorName(row.factor) }}</template></el-table-column>
              <el-table-column :label="$t('ev.si')" width="110"><template #default="{ row }">{{ fmt(row.si, 3) }}</template></el-table-column>
              <el-table-column :label="$t('ev.sti')" width="110"><template #default="{ row }">{{ fmt(row.sti, 3) }}</template></el-table-column>
            </el-table></el-col>
          </el-row>
        </page-card>
        <page-card :title="$t('ev.compare')">
          <el-select v-model="cmp.other" clearable filterable :placeholder="$t('ev.compare_pick')" style="width:420px" @visible-change="(v) => v && loadRuns()" @change="compare" data-test="ev-compare-select">
            <el-option v-for="r in cmp.runs" :key="r.id" :value="r.id" :label="runLabel(r)"></el-option>
          </el-select>
          <el-table v-if="cmp.rows" :data="cmp.rows" size="small" :empty-text="$t('ev.compare_none')" style="margin-top:8px" data-test="ev-compare">
            <el-table-column prop="name" :label="$t('ev.region')" min-width="140"></el-table-column>
            <el-table-column prop="here" :label="$t('ev.this_run')" width="110"></el-table-column>
            <el-table-column prop="there" :label="$t('ev.other_run')" width="130"></el-table-column>
            <el-table-column :label="$t('ev.rank_change')" width="110"><template #default="{ row }">{{ changeText(row.change) }}</template></el-table-column>
          </el-table>
        </page-card>
      </div>`,
  };

  area.routes.push(
    { path: '/evaluation/runs/:id', name: 'ev-run', component: RunPage, meta: { nav: '/evaluation', crumb: [{ key: 'nav.evaluation', to: '/evaluation' }] } },
  );
});
