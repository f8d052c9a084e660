/* innocity web UI — monitoring: data forms (报表管理) — list and, for coordinators and admins, creation. */
'use strict';
IC.module('monitoring', ({ t, api, store, area }) => {
  const { reactive, ref, computed, watch, onMounted } = Vue;

  const FormsPage = {
    setup() {
      const forms = ref([]);
      const programmes = ref([]);
      const items = ref([]);
      const loading = ref(false);
      const canCreate = computed(() => store.hasAccess('import'));
      const dlg = reactive({ open: false, saving: false });
      const blankAssignment = () => ({ org_id: null, region_code: (store.user && store.user.region_code) || '', items: [], due_date: '' });
      const form = reactive({ programme_id: null, name: '', year: new Date().getFullYear(), due_date: '', items: [], assignments: [] });
      const errs = ref({});
      async function load() {
        loading.value = true;
        try { forms.value = (await api.get('/monitoring/forms')).items; } finally { loading.value = false; }
      }
      onMounted(async () => {
        load();
        try { programmes.value = (await api.get('/programmes', null, { quiet: true })).items || []; } catch (e) { programmes.value = []; }
        try { items.value = ((await api.get('/monitoring/items', null, { quiet: true })).items || []).filter((i) => !i.derived); } catch (e) { items.value = []; }
      });
      const itemName = (c) => { const i = items.value.find((x) => x.code === c); return i ? i.name_zh : c; };
      const progLabel = (id) => { const p = programmes.value.find((x) => x.id === id); return p ? IC.progName(p) : ''; };
      function open() {
        Object.assign(form, { programme_id: programmes.value.length ? programmes.value[0].id : null, name: '', year: new Date().getFullYear(), due_date: '', items: [], assignments: [blankAssignment()] });
        errs.value = {};
        dlg.open = true;
      }
      // an assignment's items stay within the form's items
      watch(() => form.items.slice(), (now) => { form.assignments.forEach((a) => { a.items = a.items.filter((c) => now.includes(c)); }); });
      const err = (k) => errs.value[k] || '';
      const itemsErr = computed(() => errs.value.items || Object.keys(errs.value).filter((k) => /^items\[/.test(k)).map((k) => errs.value[k]).join(';'));
      async function save() {
        errs.value = {};
        dlg.saving = true;
        try {
          const body = {
            programme_id: form.programme_id || 0, name: form.name.trim(), year: Number(form.year) || 0, due_date: form.due_date || '', items: form.items.slice(),
            assignments: form.assignments.map((a) => ({ org_id: a.org_id || 0, region_code: a.region_code || '', items: a.items.slice(), due_date: a.due_date || null })),
          };
          await api.post('/monitoring/forms', body);
          ElementPlus.ElMessage.success(t('form.created'));
          dlg.open = false;
          await load();
        } catch (e) { errs.value = e.fields || {}; } finally { dlg.saving = false; }
      }
      return { forms, programmes, items, loading, canCreate, dlg, form, errs, err, itemsErr, load, open, save, itemName, progLabel, blankAssignment, t, IC };
    },
    template: `<page-card :title="$t('nav.forms')">
      <template #extra><el-button v-if="canCreate" type="primary" size="small" @click="open" data-test="form-new" id="form-new">{{ $t('form.new') }}</el-button></template>
      <p class="muted small">{{ $t('form.hint') }}</p>
      <el-table :data="forms" v-loading="loading" border stripe :empty-text="$t('common.empty')" data-test="form-table">
        <el-table-column :label="$t('form.name')" min-width="240"><template #default="{ row }"><span :data-test="'form-row-' + row.id">{{ row.name }}</span> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
        <el-table-column :label="$t('form.programme')" min-width="160"><template #default="{ row }">{{ progLabel(row.programme_id) }}</template></el-table-column>
        <el-table-column :label="$t('form.year')" prop="year" width="90"></el-table-column>
        <el-table-column :label="$t('form.due')" prop="due_date" width="110"></el-table-column>
        <el-table-column :label="$t('form.items')" min-width="220"><template #default="{ row }"><el-tag v-for="c in row.items" :key="c" size="small" type="info" class="chip">{{ itemName(c) }}</el-tag></template></el-table-column>
        <el-table-column :label="$t('form.assignment_count')" prop="assignment_count" width="90"></el-table-column>
        <el-table-column width="110"><template #default="{ row }"><el-button link type="primary" @click="IC.push(IC.withQuery('/monitoring', { year: row.year }))">{{ $t('form.view_assignments') }}</el-button></template></el-table-column>
      </el-table>

      <el-dialog v-model="dlg.open" :title="$t('form.new')" width="900px" append-to-body>
        <el-form :model="form" label-width="110px" @submit.prevent="save">
          <el-form-item :label="$t('form.programme')" :error="err('programme_id')">
            <el-select v-model="form.programme_id" style="width: 100%" id="form-programme"><el-option v-for="p in programmes" :key="p.id" :value="p.id" :label="IC.progName(p)"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="$t('form.name')" :error="err('name')"><el-input v-model="form.name" id="form-name" data-test="form-name"></el-input></el-form-item>
          <el-form-item :label="$t('form.year')" :error="err('year')"><el-input-number v-model="form.year" :min="2000" :max="2100" controls-position="right" id="form-year"></el-input-number></el-form-item>
          <el-form-item :label="$t('form.due')" :error="err('due_date')"><el-date-picker v-model="form.due_date" type="date" value-format="YYYY-MM-DD" id="form-due" data-test="form-due"></el-date-picker></el-form-item>
          <el-form-item :label="$t('form.items')" :error="itemsErr">
            <el-select v-model="form.items" multiple filterable style="width: 100%" id="form-items" data-test="form-items"><el-option v-for="i in items" :key="i.code" :value="i.code" :label="i.name_zh + ' (' + i.code + ')'"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="$t('form.assignments')">
            <div style="width: 100%">
              <div v-for="(a, k) in form.assignments" :key="k" class="mb" :data-test="'form-assignment-' + k" style="display: grid; grid-template-columns: 1.3fr 1fr 1.6fr 0.9fr auto; gap: 6px; align-items: start">
                <div><org-select v-model="a.org_id" :placeholder="$t('form.org')" :id="'form-a-org-' + k"></org-select><div class="field-err">{{ err('assignments[' + k + '].org_id') }}</div></div>
                <div><region-select v-model="a.region_code" :placeholder="$t('form.region')" :clearable="false"></region-select><div class="field-err">{{ err('assignments[' + k + '].region_code') }}</div></div>
                <div>
                  <el-select v-model="a.items" multiple collapse-tags collapse-tags-tooltip :placeholder="$t('form.a_items')" style="width: 100%" :id="'form-a-items-' + k"><el-option v-for="c in form.items" :key="c" :value="c" :label="itemName(c)"></el-option></el-select>
                  <el-button link size="small" @click="a.items = form.items.slice()" :id="'form-a-all-' + k">{{ $t('form.all_items') }}</el-button>
                  <div class="field-err">{{ err('assignments[' + k + '].items') }}</div>
                </div>
                <div><el-date-picker v-model="a.due_date" type="date" value-format="YYYY-MM-DD" :placeholder="$t('form.a_due')" style="width: 100%"></el-date-picker><div class="field-err">{{ err('assignments[' + k + '].due_date') }}</div></div>
                <el-button link type="danger" @click="form.assignments.splice(k, 1)"><el-icon><icon-delete></icon-delete></el-icon></el-button>
              </div>
              <el-button size="small" @click="form.assignments.push(blankAssignment())" id="form-add-assignment">{{ $t('form.add_assignment') }}</el-button>
            </div>
          </el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="dlg.saving" test="form-save" ok-id="form-save" save @cancel="dlg.open = false" @confirm="save"></dialog-footer></template>
      </el-dialog>
    </page-card>`,
  };

  area.routes.push(
    { path: '/monitoring/forms', name: 'mon-forms', component: FormsPage, meta: { nav: '/monitoring/forms', crumb: [{ key: 'nav.monitoring', to: '/monitoring' }, { key: 'nav.forms' }] } },
  );
});
