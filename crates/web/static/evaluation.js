/* innocity web UI — evaluation (综合评价): methods (list, version detail with TOML and
 * structure, new version form), runs (form with participants, year, uncertainty N and seed;
 * sensitivity base sample; progress bar while the Monte Carlo and sensitivity analyses work;
 * an interrupted run says so and offers to re-run it), ranking, dimension radar per
 * participant, rank-interval chart, sensitivity bar chart (first-order and total indices per
 * uncertain factor), rank changes against another run, Excel export (all stages). Loaded after pages.js and before app.js;
 * adds its pages to IC.pages and its messages to IC.messages. */
(function () {
  'use strict';
  const { reactive, ref, computed, onMounted, onBeforeUnmount } = Vue;
  const IC = window.IC;
  const { store, t, api, route, push } = IC;

  Object.assign(IC.messages.zh, {
    'nav.evaluation_group': '综合评价',
    'nav.evaluation': '综合评价',
    'ev.methods': '评价方法', 'ev.runs': '评价运行', 'ev.name': '名称', 'ev.key': '标识', 'ev.version': '版本',
    'ev.indicators': '指标数', 'ev.preset': '预置', 'ev.new_run': '运行评价', 'ev.method': '评价方法',
    'ev.participants': '参与城市/县', 'ev.year': '年份', 'ev.uncertainty': '不确定性分析次数 N', 'ev.seed': '随机种子',
    'ev.uncertainty_hint': '留空则只做名义计算;N 次蒙特卡洛模拟在后台运行', 'ev.start': '开始', 'ev.status': '状态',
    'ev.status.running': '运行中', 'ev.status.done': '完成', 'ev.status.failed': '失败', 'ev.created': '创建时间',
    'ev.structure': '指标结构', 'ev.toml': '方法文件 (TOML)', 'ev.history': '版本', 'ev.new_version': '新建版本',
    'ev.save_version': '保存为新版本', 'ev.level': '层级', 'ev.parent': '上级', 'ev.weight': '权重', 'ev.direction': '方向',
    'ev.unverified': '定义未核实', 'ev.ranking': '排名', 'ev.rank': '排名', 'ev.score': '得分', 'ev.region': '地区',
    'ev.interval': '排名区间 (P05–P95)', 'ev.median': '排名中位数', 'ev.radar': '维度得分', 'ev.interval_chart': '排名不确定性',
    'ev.export': '导出 Excel', 'ev.progress': '不确定性分析进度', 'ev.input_sha': '输入 SHA-256', 'ev.problems': '问题',
    'ev.latest': '最新', 'ev.no_runs': '暂无评价运行', 'ev.data_note': '数据:已审核的监测数据', 'ev.nominal': '名义排名',
    'ev.method_version': '方法版本',
    'ev.status.interrupted': '已中断', 'ev.rerun': '重新运行', 'ev.rerun_hint': '以相同的方法版本、参与城市/县、年份、N 和种子重新运行',
    'ev.sensitivity': '灵敏度分析基础样本 N_s', 'ev.sensitivity_hint': '留空则不做灵敏度分析;Saltelli 设计共 N_s×(d+2) 次模型运行(d 为不确定因素个数)',
    'ev.sens_chart': '灵敏度分析(排名平均变动)', 'ev.si': '一阶指数 Si', 'ev.sti': '总效应指数 STi', 'ev.factor': '不确定因素',
    'ev.factor.normalise': '归一化方法', 'ev.factor.aggregate': '聚合方法', 'ev.factor.winmax': '缩尾上限', 'ev.factor.weights': '权重扰动', 'ev.factor.remove_one': '剔除单项指标',
    'ev.compare': '与另一运行比较排名', 'ev.compare_pick': '选择运行', 'ev.this_run': '本次排名', 'ev.other_run': '对比运行排名', 'ev.rank_change': '本次较对比运行',
    'ev.compare_none': '两次运行没有共同的参与城市/县',
    'action.interrupt': '中断', 'entity.evaluation_run': '评价运行', 'entity.evaluation_method': '评价方法',
  });
  Object.assign(IC.messages.en, {
    'nav.evaluation_group': 'Evaluation',
    'nav.evaluation': 'Evaluation',
    'ev.methods': 'Methods', 'ev.runs': 'Runs', 'ev.name': 'Name', 'ev.key': 'Key', 'ev.version': 'Version',
    'ev.indicators': 'Indicators', 'ev.preset': 'Preset', 'ev.new_run': 'Run evaluation', 'ev.method': 'Method',
    'ev.participants': 'Participants', 'ev.year': 'Year', 'ev.uncertainty': 'Uncertainty replications N', 'ev.seed': 'Seed',
    'ev.uncertainty_hint': 'Empty: nominal run only; N Monte Carlo replications run in the background', 'ev.start': 'Start', 'ev.status': 'Status',
    'ev.status.running': 'Running', 'ev.status.done': 'Done', 'ev.status.failed': 'Failed', 'ev.created': 'Created',
    'ev.structure': 'Structure', 'ev.toml': 'Method file (TOML)', 'ev.history': 'Versions', 'ev.new_version': 'New version',
    'ev.save_version': 'Save as new version', 'ev.level': 'Level', 'ev.parent': 'Parent', 'ev.weight': 'Weight', 'ev.direction': 'Direction',
    'ev.unverified': 'Definition unverified', 'ev.ranking': 'Ranking', 'ev.rank': 'Rank', 'ev.score': 'Score', 'ev.region': 'Region',
    'ev.interval': 'Rank interval (P05–P95)', 'ev.median': 'Median rank', 'ev.radar': 'Dimension scores', 'ev.interval_chart': 'Rank uncertainty',
    'ev.export': 'Export Excel', 'ev.progress': 'Uncertainty analysis', 'ev.input_sha': 'Input SHA-256', 'ev.problems': 'Problems',
    'ev.latest': 'latest', 'ev.no_runs': 'No runs yet', 'ev.data_note': 'Data: approved monitoring values', 'ev.nominal': 'Nominal rank',
    'ev.method_version': 'Method version',
    'ev.status.interrupted': 'Interrupted', 'ev.rerun': 'Run again', 'ev.rerun_hint': 'Same method version, participants, year, N and seed',
    'ev.sensitivity': 'Sensitivity base sample N_s', 'ev.sensitivity_hint': 'Empty: no sensitivity analysis; the Saltelli design makes N_s×(d+2) model runs (d uncertain factors)',
    'ev.sens_chart': 'Sensitivity (mean rank shift)', 'ev.si': 'First-order Si', 'ev.sti': 'Total STi', 'ev.factor': 'Uncertain factor',
    'ev.factor.normalise': 'Normalisation', 'ev.factor.aggregate': 'Aggregation', 'ev.factor.winmax': 'Winsorisation limit', 'ev.factor.weights': 'Weight noise', 'ev.factor.remove_one': 'Removing one indicator',
    'ev.compare': 'Compare ranks with another run', 'ev.compare_pick': 'Pick a run', 'ev.this_run': 'Rank here', 'ev.other_run': 'Rank there', 'ev.rank_change': 'Here vs there',
    'ev.compare_none': 'The two runs have no participant in common',
    'action.interrupt': 'Interrupt', 'entity.evaluation_run': 'Evaluation run', 'entity.evaluation_method': 'Evaluation method',
  });

  /** Who may create method versions and start runs (the API answers 403 to the others). */
  IC.can.evaluate = (u) => !!u && ['admin', 'coordinator', 'reviewer'].includes(u.role);

  const crumbs = (...c) => { store.crumbs = c; };
  const fmt = (v, d) => (v === null || v === undefined ? '' : Number(v).toFixed(d === undefined ? 2 : d));
  const statusType = (s) => ({ running: 'warning', done: 'success', failed: 'danger', interrupted: 'danger' }[s] || 'info');

  /** The 422 problems (file, row, column → message) as lines. */
  const problemLines = (e) => (e && e.fields ? Object.keys(e.fields).map((k) => k + ': ' + e.fields[k]) : (e ? [e.message || String(e)] : []));

  // ------------------------------------------------------------------ methods and runs
  const EvaluationPage = {
    setup() {
      crumbs({ label: t('nav.evaluation') });
      const tab = ref('methods');
      const methods = ref([]);
      const runs = ref([]);
      const parts = ref([]);
      const form = reactive({ open: false, method_id: null, participant_ids: [], year: new Date().getFullYear() - 1, uncertainty: null, seed: 42, sensitivity: null });
      const problems = ref([]);
      const busy = ref(false);
      const load = async () => {
        methods.value = (await api.get('/evaluations/methods')).items;
        runs.value = (await api.get('/evaluations/runs')).items;
      };
      const openForm = async () => {
        if (!parts.value.length) parts.value = (await api.get('/participants', { per_page: 200 })).items || [];
        problems.value = [];
        form.open = true;
      };
      const start = async () => {
        busy.value = true;
        problems.value = [];
        try {
          const body = { method_id: form.method_id, participant_ids: form.participant_ids, year: Number(form.year) };
          if (form.uncertainty) {
            body.uncertainty = Number(form.uncertainty);
            body.seed = Number(form.seed || 0);
            if (form.sensitivity) body.sensitivity = Number(form.sensitivity);
          }
          const r = await api.post('/evaluations/runs', body, { quiet: true });
          form.open = false;
          push('/evaluation/runs/' + r.run.id);
        } catch (e) {
          problems.value = problemLines(e);
        } finally {
          busy.value = false;
        }
      };
      onMounted(load);
      const partLabel = (p) => (p.region ? p.region.name + ' (' + p.region.code + ')' : p.id) + (p.programme ? ' · ' + (store.lang === 'zh' ? p.programme.name_zh : p.programme.name_en) : '');
      return { t, tab, methods, runs, parts, form, problems, busy, openForm, start, push, statusType, partLabel, can: computed(() => IC.can.evaluate(store.user)) };
    },
    template: `
      <page-card :title="t('nav.evaluation')">
        <template #extra>
          <el-button v-if="can" type="primary" @click="openForm" data-test="ev-new-run">{{ t('ev.new_run') }}</el-button>
        </template>
        <el-tabs v-model="tab">
          <el-tab-pane :label="t('ev.methods')" name="methods">
            <el-table :data="methods" data-test="ev-methods" @row-click="(r) => push('/evaluation/methods/' + r.id)" style="cursor:pointer">
              <el-table-column :label="t('ev.name')" min-width="220"><template #default="{ row }">{{ row.name }} <el-tag v-if="row.preset" size="small" type="info">{{ t('ev.preset') }}</el-tag></template></el-table-column>
              <el-table-column prop="key" :label="t('ev.key')" width="200"></el-table-column>
              <el-table-column prop="version" :label="t('ev.version')" width="80"></el-table-column>
              <el-table-column prop="indicators" :label="t('ev.indicators')" width="90"></el-table-column>
            </el-table>
          </el-tab-pane>
          <el-tab-pane :label="t('ev.runs')" name="runs">
            <el-table :data="runs" data-test="ev-runs" :empty-text="t('ev.no_runs')" @row-click="(r) => push('/evaluation/runs/' + r.id)" style="cursor:pointer">
              <el-table-column prop="id" label="#" width="70"></el-table-column>
              <el-table-column :label="t('ev.method')" min-width="200"><template #default="{ row }">{{ row.method_name }} (v{{ row.method_version }})</template></el-table-column>
              <el-table-column prop="year" :label="t('ev.year')" width="80"></el-table-column>
              <el-table-column prop="participants" :label="t('ev.participants')" width="110"></el-table-column>
              <el-table-column :label="t('ev.status')" width="170"><template #default="{ row }">
                <el-tag :type="statusType(row.status)" size="small">{{ t('ev.status.' + row.status) }}</el-tag>
                <span v-if="row.total"> {{ row.done }}/{{ row.total }}</span>
              </template></el-table-column>
              <el-table-column :label="t('ev.created')" width="180"><template #default="{ row }">{{ (row.created_at || '').replace('T', ' ').slice(0, 16) }}</template></el-table-column>
            </el-table>
          </el-tab-pane>
        </el-tabs>
        <el-dialog v-model="form.open" :title="t('ev.new_run')" width="640px">
          <el-form label-width="170px">
            <el-form-item :label="t('ev.method')"><el-select v-model="form.method_id" filterable style="width:100%" data-test="ev-run-method">
              <el-option v-for="m in methods" :key="m.id" :value="m.id" :label="m.name + ' (v' + m.version + ')'"></el-option></el-select></el-form-item>
            <el-form-item :label="t('ev.participants')"><el-select v-model="form.participant_ids" multiple filterable style="width:100%" data-test="ev-run-participants">
              <el-option v-for="p in parts" :key="p.id" :value="p.id" :label="partLabel(p)"></el-option></el-select></el-form-item>
            <el-form-item :label="t('ev.year')"><el-input-number v-model="form.year" :min="1949" :max="2100" data-test="ev-run-year"></el-input-number></el-form-item>
            <el-form-item :label="t('ev.uncertainty')"><el-input-number v-model="form.uncertainty" :min="1" :max="10000" :step="100" data-test="ev-run-n"></el-input-number>
              <div class="muted" style="width:100%">{{ t('ev.uncertainty_hint') }}</div></el-form-item>
            <el-form-item v-if="form.uncertainty" :label="t('ev.seed')"><el-input-number v-model="form.seed" :min="0"></el-input-number></el-form-item>
            <el-form-item v-if="form.uncertainty" :label="t('ev.sensitivity')"><el-input-number v-model="form.sensitivity" :min="2" :max="5000" :step="64" data-test="ev-run-sens"></el-input-number>
              <div class="muted" style="width:100%">{{ t('ev.sensitivity_hint') }}</div></el-form-item>
          </el-form>
          <el-alert v-if="problems.length" type="error" :closable="false" :title="t('ev.problems')" data-test="ev-run-problems">
            <div v-for="p in problems" :key="p">{{ p }}</div>
          </el-alert>
          <template #footer><el-button type="primary" :loading="busy" @click="start" data-test="ev-run-start">{{ t('ev.start') }}</el-button></template>
        </el-dialog>
      </page-card>`,
  };

  // ------------------------------------------------------------------ one method version
  const MethodPage = {
    setup() {
      const d = ref(null);
      const ed = reactive({ open: false, name: '', method_toml: '', structure_csv: '' });
      const problems = ref([]);
      const load = async () => {
        d.value = await api.get('/evaluations/methods/' + route.params.id);
        crumbs({ label: t('nav.evaluation'), to: '/evaluation' }, { label: d.value.method.name + ' v' + d.value.method.version });
      };
      const openEdit = () => {
        Object.assign(ed, { open: true, name: d.value.method.name, method_toml: d.value.method_toml, structure_csv: d.value.structure_csv });
        problems.value = [];
      };
      const save = async () => {
        problems.value = [];
        try {
          const r = await api.post('/evaluations/methods/' + d.value.method.id + '/versions', { name: ed.name, method_toml: ed.method_toml, structure_csv: ed.structure_csv }, { quiet: true });
          ed.open = false;
          push('/evaluation/methods/' + r.method.id);
        } catch (e) {
          problems.value = problemLines(e);
        }
      };
      onMounted(load);
      const go = (id) => { push('/evaluation/methods/' + id); };
      return { t, d, ed, problems, openEdit, save, go, load, can: computed(() => IC.can.evaluate(store.user)) };
    },
    watch: { '$route.params.id'() { this.load(); } },
    template: `
      <div v-if="d">
        <page-card :title="d.method.name + ' — v' + d.method.version">
          <template #extra><el-button v-if="can" type="primary" @click="openEdit" data-test="ev-new-version">{{ t('ev.new_version') }}</el-button></template>
          <p>{{ d.method.description }}</p>
          <div>{{ t('ev.history') }}:
            <el-button v-for="h in d.history" :key="h.id" size="small" :type="h.id === d.method.id ? 'primary' : 'default'" @click="go(h.id)">v{{ h.version }}</el-button>
          </div>
        </page-card>
        <page-card :title="t('ev.structure')">
          <el-table :data="d.nodes" size="small" data-test="ev-structure">
            <el-table-column prop="level" :label="t('ev.level')" width="70"></el-table-column>
            <el-table-column prop="code" :label="t('ev.key')" width="240"></el-table-column>
            <el-table-column :label="t('ev.name')" min-width="240"><template #default="{ row }">{{ row.name }}
              <el-tag v-if="row.unverified" size="small" type="warning">{{ t('ev.unverified') }}</el-tag></template></el-table-column>
            <el-table-column prop="parent" :label="t('ev.parent')" width="140"></el-table-column>
            <el-table-column prop="weight" :label="t('ev.weight')" width="80"></el-table-column>
            <el-table-column prop="direction" :label="t('ev.direction')" width="80"></el-table-column>
          </el-table>
        </page-card>
        <page-card :title="t('ev.toml')"><pre class="code-block" data-test="ev-toml">{{ d.method_toml }}</pre></page-card>
        <el-dialog v-model="ed.open" :title="t('ev.new_version')" width="860px">
          <el-form label-position="top">
            <el-form-item :label="t('ev.name')"><el-input v-model="ed.name"></el-input></el-form-item>
            <el-form-item :label="t('ev.toml')"><el-input v-model="ed.method_toml" type="textarea" :rows="12" class="mono" data-test="ev-edit-toml"></el-input></el-form-item>
            <el-form-item :label="t('ev.structure') + ' (iMeta CSV)'"><el-input v-model="ed.structure_csv" type="textarea" :rows="10" class="mono"></el-input></el-form-item>
          </el-form>
          <el-alert v-if="problems.length" type="error" :closable="false" :title="t('ev.problems')" data-test="ev-version-problems">
            <div v-for="p in problems" :key="p">{{ p }}</div>
          </el-alert>
          <template #footer><el-button type="primary" @click="save" data-test="ev-save-version">{{ t('ev.save_version') }}</el-button></template>
        </el-dialog>
      </div>`,
  };

  // ------------------------------------------------------------------ one run
  const RunPage = {
    setup() {
      const d = ref(null);
      const selected = ref(null);
      let timer = null;
      const load = async () => {
        d.value = await api.get('/evaluations/runs/' + route.params.id);
        crumbs({ label: t('nav.evaluation'), to: '/evaluation' }, { label: d.value.run.method_name + ' · ' + d.value.run.year });
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
      const canRerun = computed(() => IC.can.evaluate(store.user) && d.value && ['interrupted', 'failed'].includes(d.value.run.status));
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
          <template #extra><el-button tag="a" :href="exportUrl" data-test="ev-export">{{ t('ev.export') }}</el-button></template>
          <div>
            <el-tag :type="statusType(d.run.status)" data-test="ev-run-status">{{ t('ev.status.' + d.run.status) }}</el-tag>
            · {{ t('ev.participants') }} {{ d.run.participants }} · {{ t('ev.data_note') }}
            <span v-if="d.run.uncertainty_n"> · N = {{ d.run.uncertainty_n }}, {{ t('ev.seed') }} {{ d.run.seed }}</span>
          </div>
          <div v-if="d.run.total" style="margin-top:8px">{{ t('ev.progress') }}
            <el-progress :percentage="percent" :status="d.run.status === 'done' ? 'success' : (['failed', 'interrupted'].includes(d.run.status) ? 'exception' : '')" data-test="ev-progress"></el-progress>
            <span class="muted">{{ d.run.done }} / {{ d.run.total }}</span>
          </div>
          <el-alert v-if="d.run.error" type="error" :closable="false" :title="d.run.error" data-test="ev-run-error"></el-alert>
          <div v-if="canRerun" style="margin-top:8px">
            <el-button type="primary" :loading="rerunning" @click="rerun" data-test="ev-rerun">{{ t('ev.rerun') }}</el-button>
            <span class="muted"> {{ t('ev.rerun_hint') }}</span>
          </div>
          <div class="muted" style="margin-top:6px">{{ t('ev.input_sha') }}: <code>{{ d.run.input_sha256 }}</code></div>
        </page-card>
        <page-card :title="t('ev.ranking')">
          <el-table :data="d.results" size="small" data-test="ev-ranking" highlight-current-row @row-click="(r) => (selected = r.region_code)">
            <el-table-column prop="rank" :label="t('ev.rank')" width="70"></el-table-column>
            <el-table-column prop="name" :label="t('ev.region')" width="140"></el-table-column>
            <el-table-column :label="d.aggregates.length ? d.aggregates[0].name : t('ev.score')" width="130"><template #default="{ row }">{{ fmt(row.score) }}</template></el-table-column>
            <el-table-column v-for="a in dims" :key="a.code" :label="a.name" min-width="110"><template #default="{ row }">{{ fmt(row.scores[a.i]) }}</template></el-table-column>
            <el-table-column v-if="hasMc" :label="t('ev.median')" width="110"><template #default="{ row }">{{ fmt(row.median_rank, 1) }}</template></el-table-column>
            <el-table-column v-if="hasMc" :label="t('ev.interval')" width="150"><template #default="{ row }">{{ fmt(row.p05_rank, 1) }} – {{ fmt(row.p95_rank, 1) }}</template></el-table-column>
          </el-table>
        </page-card>
        <el-row :gutter="16">
          <el-col :span="12" v-if="radar"><page-card :title="t('ev.radar')">
            <el-select v-model="selected" size="small" data-test="ev-radar-select"><el-option v-for="r in d.results" :key="r.region_code" :value="r.region_code" :label="r.name"></el-option></el-select>
            <e-chart :option="radar" height="340px" data-test="ev-radar"></e-chart></page-card></el-col>
          <el-col :span="12" v-if="intervals"><page-card :title="t('ev.interval_chart')"><e-chart :option="intervals" height="340px" data-test="ev-intervals"></e-chart></page-card></el-col>
        </el-row>
        <page-card v-if="sensitivity" :title="t('ev.sens_chart') + ' · N_s = ' + d.run.sensitivity_n">
          <el-row :gutter="16">
            <el-col :span="14"><e-chart :option="sensitivity" height="300px" data-test="ev-sensitivity"></e-chart></el-col>
            <el-col :span="10"><el-table :data="d.sensitivity" size="small" data-test="ev-sensitivity-table">
              <el-table-column :label="t('ev.factor')" min-width="120"><template #default="{ row }">{{ factorName(row.factor) }}</template></el-table-column>
              <el-table-column :label="t('ev.si')" width="110"><template #default="{ row }">{{ fmt(row.si, 3) }}</template></el-table-column>
              <el-table-column :label="t('ev.sti')" width="110"><template #default="{ row }">{{ fmt(row.sti, 3) }}</template></el-table-column>
            </el-table></el-col>
          </el-row>
        </page-card>
        <page-card :title="t('ev.compare')">
          <el-select v-model="cmp.other" clearable filterable :placeholder="t('ev.compare_pick')" style="width:420px" @visible-change="(v) => v && loadRuns()" @change="compare" data-test="ev-compare-select">
            <el-option v-for="r in cmp.runs" :key="r.id" :value="r.id" :label="runLabel(r)"></el-option>
          </el-select>
          <el-table v-if="cmp.rows" :data="cmp.rows" size="small" :empty-text="t('ev.compare_none')" style="margin-top:8px" data-test="ev-compare">
            <el-table-column prop="name" :label="t('ev.region')" min-width="140"></el-table-column>
            <el-table-column prop="here" :label="t('ev.this_run')" width="110"></el-table-column>
            <el-table-column prop="there" :label="t('ev.other_run')" width="130"></el-table-column>
            <el-table-column :label="t('ev.rank_change')" width="110"><template #default="{ row }">{{ changeText(row.change) }}</template></el-table-column>
          </el-table>
        </page-card>
      </div>`,
  };

  Object.assign(IC.pages, { EvaluationPage, EvMethodPage: MethodPage, EvRunPage: RunPage });
})();
