/* innocity web UI — validation: monitoring validation rules (校验规则) — list, form, test. */
'use strict';
IC.module('validation', ({ t, api, store, area }) => {
  const { reactive, ref, computed, watch, onMounted } = Vue;

  const KINDS = ['range', 'consistency', 'year_on_year', 'outlier'];
  const OPS = [['le', '≤'], ['lt', '<'], ['ge', '≥'], ['gt', '>'], ['eq', '='], ['ne', '≠']];
  const IMPS = ['high', 'medium', 'low'];
  const MISSING = ['skip_if_any_missing', 'skip_if_all_missing', 'never_skip'];
  const IMP_TAG = { high: 'danger', medium: 'warning', low: 'info' };
  const FIELDS = ['code', 'name', 'kind', 'left', 'op', 'right', 'importance', 'missing', 'outlier_basis', 'region_code', 'year'];

  const blank = () => ({ code: '', name: '', kind: 'consistency', left: '', op: 'le', right: '', importance: 'high', missing: 'skip_if_any_missing', outlier_basis: 'peers', region_code: '', enabled: true });

  const RulesPage = {
    setup() {
      const filter = reactive({ kind: '', importance: '', enabled: '', q: '' });
      const rows = ref([]);
      const loading = ref(false);
      const page = ref(1);
      const perPage = 20;
      const items = ref([]);
      const dlg = reactive({ open: false, id: null, saving: false, focus: 'left' });
      const form = reactive(blank());
      const errs = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])));
      const test = reactive({ region_code: (store.user && store.user.region_code) || '', year: new Date().getFullYear() - 1, result: null, busy: false });
      const canWrite = computed(() => store.hasAccess('coordinate'));
      async function load() {
        loading.value = true;
        try {
          const r = await api.get('/monitoring/rules', { kind: filter.kind, importance: filter.importance, enabled: filter.enabled, q: filter.q.trim() });
          rows.value = r.items; page.value = 1;
        } finally { loading.value = false; }
      }
      onMounted(async () => {
        load();
        try { items.value = (await api.get('/monitoring/items', null, { quiet: true })).items.filter((i) => !i.derived); } catch (e) { items.value = []; }
      });
      const shown = computed(() => rows.value.slice((page.value - 1) * perPage, page.value * perPage));
      const ruleText = (r) => (r.kind === 'outlier'
        ? t('rule.basis.' + (r.outlier_basis || 'peers')) + ': ' + (r.left || t('rule.all')) + ' ≤ ' + r.right
        : r.left + ' ' + r.op_symbol + ' ' + r.right);
      function open(r) {
        IC.clearFieldErrors(errs);
        test.result = null;
        Object.assign(form, blank(), r ? {
          code: r.code, name: r.name, kind: r.kind, left: r.left, op: r.op, right: r.right, importance: r.importance,
          missing: r.missing, outlier_basis: r.outlier_basis || 'peers', region_code: r.region_code || '', enabled: r.enabled,
        } : {});
        if (!r && store.user && !store.hasAccess('admin')) form.region_code = store.user.region_code || '';
        dlg.id = r ? r.id : null;
        dlg.open = true;
      }
      watch(() => form.kind, (k) => { if (k === 'outlier' && !dlg.id && !form.right) form.right = '3.5'; });
      const body = () => ({
        code: form.code.trim(), name: form.name.trim(), kind: form.kind, left: form.left.trim(), op: form.op, right: String(form.right).trim(),
        importance: form.importance, missing: form.missing, outlier_basis: form.kind === 'outlier' ? form.outlier_basis : null,
        region_code: form.region_code || null, enabled: form.enabled,
      });
      async function save() {
        IC.clearFieldErrors(errs);
        dlg.saving = true;
        try {
          if (dlg.id) await api.put('/monitoring/rules/' + dlg.id, body());
          else {
            await api.post('/monitoring/rules', body());
            // show the new rule rather than the first page of the defaults
            Object.assign(filter, { kind: '', importance: '', enabled: '', q: form.code.trim() });
          }
          ElementPlus.ElMessage.success(t('common.saved'));
          dlg.open = false;
          await load();
        } catch (e) { IC.applyFieldErrors(errs, e); } finally { dlg.saving = false; }
      }
      async function toggle(r, v) {
        try { Object.assign(r, await api.put('/monitoring/rules/' + r.id + '/enabled', { enabled: v })); } catch (e) { await load(); }
      }
      async function remove(r) {
        try {
          await ElementPlus.ElMessageBox.confirm(t('rule.delete_confirm', { c: r.code }), t('action.delete'), { type: 'warning', confirmButtonText: t('action.delete'), cancelButtonText: t('common.cancel') });
        } catch (e) { return; }
        await api.del('/monitoring/rules/' + r.id);
        ElementPlus.ElMessage.success(t('rule.deleted'));
        await load();
      }
      async function runTest() {
        IC.clearFieldErrors(errs);
        test.busy = true; test.result = null;
        try {
          test.result = await api.post('/monitoring/rules/test', { rule: body(), region_code: test.region_code, year: Number(test.year) });
        } catch (e) { IC.applyFieldErrors(errs, e); } finally { test.busy = false; }
      }
      function insertItem(code) {
        if (!code) return;
        const f = form.kind === 'outlier' ? 'left' : dlg.focus;
        form[f] = form.kind === 'outlier' ? code : (form[f] ? form[f] + ' ' : '') + code;
      }
      const pick = ref('');
      watch(pick, (v) => { insertItem(v); pick.value = ''; });
      return {
        filter, rows, shown, loading, page, perPage, items, dlg, form, errs, test, canWrite, pick,
        load, open, save, toggle, remove, runTest, ruleText,
        KINDS, OPS, IMPS, MISSING, IMP_TAG, t, IC, store,
      };
    },
    template: `<page-card :title="$t('nav.rules')">
      <template #extra><el-button v-if="canWrite" type="primary" size="small" @click="open(null)" data-test="rule-new" id="rule-new">{{ $t('rule.new') }}</el-button></template>
      <p class="muted small">{{ $t('rule.intro') }}</p>
      <el-form :inline="true" class="filter-bar" @submit.prevent="load">
        <el-form-item :label="$t('rule.kind')">
          <el-select v-model="filter.kind" @change="load" clearable style="width: 140px" data-test="rule-filter-kind"><el-option v-for="k in KINDS" :key="k" :value="k" :label="$t('rule.kind.' + k)"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="$t('rule.importance')">
          <el-select v-model="filter.importance" @change="load" clearable style="width: 100px"><el-option v-for="k in IMPS" :key="k" :value="k" :label="$t('rule.imp.' + k)"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="$t('rule.enabled')">
          <el-select v-model="filter.enabled" @change="load" clearable style="width: 100px"><el-option value="true" :label="$t('rule.enabled')"></el-option><el-option value="false" :label="'—'"></el-option></el-select>
        </el-form-item>
        <el-form-item><el-input v-model="filter.q" :placeholder="$t('rule.search')" clearable @clear="load" @keyup.enter="load" style="width: 220px" data-test="rule-search" id="rule-search"></el-input></el-form-item>
        <el-form-item><el-button @click="load">{{ $t('common.search') }}</el-button></el-form-item>
      </el-form>
      <el-table :data="shown" v-loading="loading" border stripe :empty-text="$t('common.empty')" data-test="rule-table">
        <el-table-column :label="$t('rule.code')" min-width="200"><template #default="{ row }"><span :data-test="'rule-row-' + row.code">{{ row.code }}</span> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
        <el-table-column :label="$t('rule.name')" prop="name" min-width="180"></el-table-column>
        <el-table-column :label="$t('rule.kind')" width="110"><template #default="{ row }">{{ $t('rule.kind.' + row.kind) }}</template></el-table-column>
        <el-table-column :label="$t('rule.rule')" min-width="240"><template #default="{ row }"><code>{{ ruleText(row) }}</code></template></el-table-column>
        <el-table-column :label="$t('rule.importance')" width="80"><template #default="{ row }"><el-tag :type="IMP_TAG[row.importance]" size="small">{{ $t('rule.imp.' + row.importance) }}</el-tag></template></el-table-column>
        <el-table-column :label="$t('rule.missing')" width="140"><template #default="{ row }">{{ row.kind === 'outlier' ? '—' : $t('rule.missing.' + row.missing) }}</template></el-table-column>
        <el-table-column :label="$t('rule.region')" width="110"><template #default="{ row }">{{ row.region_name || $t('rule.region_all') }}</template></el-table-column>
        <el-table-column :label="$t('rule.enabled')" width="80"><template #default="{ row }"><el-switch :model-value="row.enabled" :disabled="!row.editable" @change="(v) => toggle(row, v)" :data-test="'rule-enabled-' + row.code"></el-switch></template></el-table-column>
        <el-table-column width="130"><template #default="{ row }">
          <el-button link type="primary" @click="open(row)" :data-test="'rule-edit-' + row.code">{{ row.editable ? $t('common.edit') : $t('rule.test') }}</el-button>
          <el-button v-if="row.editable" link type="danger" @click="remove(row)" :data-test="'rule-delete-' + row.code">{{ $t('action.delete') }}</el-button>
        </template></el-table-column>
      </el-table>
      <el-pagination v-if="rows.length > perPage" class="mt" layout="total, prev, pager, next" :total="rows.length" :page-size="perPage" v-model:current-page="page"></el-pagination>

      <el-dialog v-model="dlg.open" :title="dlg.id ? $t('rule.edit') : $t('rule.new')" width="720px" append-to-body>
        <el-form :model="form" label-width="130px" @submit.prevent="save">
          <el-form-item :label="$t('rule.code')" :error="errs.code"><el-input v-model="form.code" id="rule-code" data-test="rule-code" placeholder="consistency.a.b"></el-input></el-form-item>
          <el-form-item :label="$t('rule.name')" :error="errs.name"><el-input v-model="form.name" id="rule-name" data-test="rule-name"></el-input></el-form-item>
          <el-form-item :label="$t('rule.kind')" :error="errs.kind">
            <el-radio-group v-model="form.kind" data-test="rule-kind"><el-radio-button v-for="k in KINDS" :key="k" :value="k" :id="'rule-kind-' + k">{{ $t('rule.kind.' + k) }}</el-radio-button></el-radio-group>
          </el-form-item>
          <el-form-item :label="$t('rule.insert_item')">
            <el-select v-model="pick" filterable clearable :placeholder="$t('rule.insert_item')" style="width: 100%"><el-option v-for="i in items" :key="i.code" :value="i.code" :label="i.name_zh + ' (' + i.code + ')'"></el-option></el-select>
            <div class="muted small" v-if="form.kind !== 'outlier'">{{ $t('rule.syntax') }}</div>
          </el-form-item>
          <template v-if="form.kind !== 'outlier'">
            <el-form-item :label="$t('rule.left')" :error="errs.left"><el-input v-model="form.left" @focus="dlg.focus = 'left'" id="rule-left" data-test="rule-left" placeholder="rd_expenditure"></el-input></el-form-item>
            <el-form-item :label="$t('rule.op')" :error="errs.op">
              <el-radio-group v-model="form.op" data-test="rule-op"><el-radio-button v-for="o in OPS" :key="o[0]" :value="o[0]" :id="'rule-op-' + o[0]">{{ o[1] }}</el-radio-button></el-radio-group>
            </el-form-item>
            <el-form-item :label="$t('rule.right')" :error="errs.right"><el-input v-model="form.right" @focus="dlg.focus = 'right'" id="rule-right" data-test="rule-right" placeholder="gdp"></el-input></el-form-item>
            <el-form-item :label="$t('rule.missing')" :error="errs.missing">
              <el-select v-model="form.missing" style="width: 100%" data-test="rule-missing"><el-option v-for="m in MISSING" :key="m" :value="m" :label="$t('rule.missing.' + m)"></el-option></el-select>
            </el-form-item>
          </template>
          <template v-else>
            <el-form-item :label="$t('rule.outlier_item')" :error="errs.left"><el-input v-model="form.left" id="rule-left" data-test="rule-left" clearable></el-input></el-form-item>
            <el-form-item :label="$t('rule.basis')" :error="errs.outlier_basis">
              <el-radio-group v-model="form.outlier_basis"><el-radio-button value="peers">{{ $t('rule.basis.peers') }}</el-radio-button><el-radio-button value="history">{{ $t('rule.basis.history') }}</el-radio-button></el-radio-group>
            </el-form-item>
            <el-form-item :label="$t('rule.threshold')" :error="errs.right"><el-input v-model="form.right" id="rule-right" data-test="rule-right"></el-input></el-form-item>
          </template>
          <el-form-item :label="$t('rule.importance')" :error="errs.importance">
            <el-radio-group v-model="form.importance" data-test="rule-importance"><el-radio-button v-for="k in IMPS" :key="k" :value="k" :id="'rule-imp-' + k">{{ $t('rule.imp.' + k) }}</el-radio-button></el-radio-group>
          </el-form-item>
          <el-form-item :label="$t('rule.region')" :error="errs.region_code">
            <region-select v-model="form.region_code" :placeholder="$t('rule.region_all')"></region-select>
            <div class="muted small">{{ $t('rule.region_hint') }}</div>
          </el-form-item>
          <el-form-item :label="$t('rule.enabled')"><el-switch v-model="form.enabled"></el-switch></el-form-item>
          <el-divider></el-divider>
          <el-form-item :label="$t('rule.test')">
            <div style="display: flex; gap: 8px; width: 100%">
              <div style="flex: 1"><region-select v-model="test.region_code" :placeholder="$t('rule.test_region')"></region-select><div class="field-err" v-if="errs.region_code && !form.region_code">{{ errs.region_code }}</div></div>
              <el-input-number v-model="test.year" :min="2000" :max="2100" controls-position="right" style="width: 120px"></el-input-number>
              <el-button @click="runTest" :loading="test.busy" data-test="rule-test" id="rule-test">{{ $t('rule.test') }}</el-button>
            </div>
          </el-form-item>
          <div v-if="test.result" data-test="rule-test-result" style="margin-left: 130px">
            <el-tag :type="test.result.outcome === 'violated' ? 'danger' : test.result.outcome === 'passed' ? 'success' : 'info'" id="rule-test-outcome">{{ $t('rule.outcome.' + test.result.outcome) }}</el-tag>
            <span class="muted small ml">{{ $t('rule.values') }}: <span v-for="v in test.result.values" :key="v.item + v.year" class="ml">{{ v.item }}[{{ v.year }}] = {{ v.value === null ? '—' : v.value }}</span></span>
            <div v-for="v in test.result.violations" :key="v.rule" :class="'viol viol-' + v.importance">{{ v.message }}</div>
          </div>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false">{{ $t('common.cancel') }}</el-button>
          <el-button v-if="canWrite" type="primary" :loading="dlg.saving" @click="save" data-test="rule-save" id="rule-save">{{ $t('common.save') }}</el-button>
        </template>
      </el-dialog>
    </page-card>`,
  };

  area.routes.push(
    { path: '/monitoring/rules', name: 'mon-rules', component: RulesPage, meta: { nav: '/monitoring/rules', crumb: [{ key: 'nav.monitoring', to: '/monitoring' }, { key: 'nav.rules' }] } },
  );
});
