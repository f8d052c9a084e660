/* innocity web UI — evaluation: methods and runs, the run form. */
'use strict';
IC.module('evaluation', ({ t, api, push, store, area }) => {
  const { reactive, ref, computed, onMounted } = Vue;
  const { statusType, problemLines } = area.util;

  // ------------------------------------------------------------------ methods and runs
  const EvaluationPage = {
    setup() {
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
      return { t, tab, methods, runs, parts, form, problems, busy, openForm, start, push, statusType, partLabel, can: computed(() => store.hasAccess('review')) };
    },
    template: `
      <page-card :title="$t('nav.evaluation')">
        <template #extra>
          <el-button v-if="can" type="primary" @click="openForm" data-test="ev-new-run">{{ $t('ev.new_run') }}</el-button>
        </template>
        <el-tabs v-model="tab">
          <el-tab-pane :label="$t('ev.methods')" name="methods">
            <el-table :data="methods" data-test="ev-methods" @row-click="(r) => push('/evaluation/methods/' + r.id)" style="cursor:pointer">
              <el-table-column :label="$t('ev.name')" min-width="220"><template #default="{ row }">{{ row.name }} <el-tag v-if="row.preset" size="small" type="info">{{ $t('ev.preset') }}</el-tag></template></el-table-column>
              <el-table-column prop="key" :label="$t('ev.key')" width="200"></el-table-column>
              <el-table-column prop="version" :label="$t('ev.version')" width="80"></el-table-column>
              <el-table-column prop="indicators" :label="$t('ev.indicators')" width="90"></el-table-column>
            </el-table>
          </el-tab-pane>
          <el-tab-pane :label="$t('ev.runs')" name="runs">
            <el-table :data="runs" data-test="ev-runs" :empty-text="$t('ev.no_runs')" @row-click="(r) => push('/evaluation/runs/' + r.id)" style="cursor:pointer">
              <el-table-column prop="id" label="#" width="70"></el-table-column>
              <el-table-column :label="$t('ev.method')" min-width="200"><template #default="{ row }">{{ row.method_name }} (v{{ row.method_version }})</template></el-table-column>
              <el-table-column prop="year" :label="$t('ev.year')" width="80"></el-table-column>
              <el-table-column prop="participants" :label="$t('ev.participants')" width="110"></el-table-column>
              <el-table-column :label="$t('ev.status')" width="170"><template #default="{ row }">
                <el-tag :type="statusType(row.status)" size="small">{{ $t('ev.status.' + row.status) }}</el-tag>
                <span v-if="row.total"> {{ row.done }}/{{ row.total }}</span>
              </template></el-table-column>
              <el-table-column :label="$t('ev.created')" width="180"><template #default="{ row }">{{ (row.created_at || '').replace('T', ' ').slice(0, 16) }}</template></el-table-column>
            </el-table>
          </el-tab-pane>
        </el-tabs>
        <el-dialog v-model="form.open" :title="$t('ev.new_run')" width="640px">
          <el-form label-width="170px">
            <el-form-item :label="$t('ev.method')"><el-select v-model="form.method_id" filterable style="width:100%" data-test="ev-run-method">
              <el-option v-for="m in methods" :key="m.id" :value="m.id" :label="m.name + ' (v' + m.version + ')'"></el-option></el-select></el-form-item>
            <el-form-item :label="$t('ev.participants')"><el-select v-model="form.participant_ids" multiple filterable style="width:100%" data-test="ev-run-participants">
              <el-option v-for="p in parts" :key="p.id" :value="p.id" :label="partLabel(p)"></el-option></el-select></el-form-item>
            <el-form-item :label="$t('ev.year')"><el-input-number v-model="form.year" :min="1949" :max="2100" data-test="ev-run-year"></el-input-number></el-form-item>
            <el-form-item :label="$t('ev.uncertainty')"><el-input-number v-model="form.uncertainty" :min="1" :max="10000" :step="100" data-test="ev-run-n"></el-input-number>
              <div class="muted" style="width:100%">{{ $t('ev.uncertainty_hint') }}</div></el-form-item>
            <el-form-item v-if="form.uncertainty" :label="$t('ev.seed')"><el-input-number v-model="form.seed" :min="0"></el-input-number></el-form-item>
            <el-form-item v-if="form.uncertainty" :label="$t('ev.sensitivity')"><el-input-number v-model="form.sensitivity" :min="2" :max="5000" :step="64" data-test="ev-run-sens"></el-input-number>
              <div class="muted" style="width:100%">{{ $t('ev.sensitivity_hint') }}</div></el-form-item>
          </el-form>
          <el-alert v-if="problems.length" type="error" :closable="false" :title="$t('ev.problems')" data-test="ev-run-problems">
            <div v-for="p in problems" :key="p">{{ p }}</div>
          </el-alert>
          <template #footer><el-button type="primary" :loading="busy" @click="start" data-test="ev-run-start">{{ $t('ev.start') }}</el-button></template>
        </el-dialog>
      </page-card>`,
  };

  area.routes.push(
    { path: '/evaluation', name: 'evaluation', component: EvaluationPage, meta: { nav: '/evaluation', crumb: [{ key: 'nav.evaluation' }] } },
  );
});
