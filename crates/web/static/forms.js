/* innocity web UI — data forms (数据报表): the list of forms and, for coordinators and
 * admins, creating one: programme, year, items, due date, and which organisation reports
 * which items for which region. Loaded after monitoring.js and before app.js. */
(function () {
  'use strict';
  const { reactive, ref, computed, watch, onMounted } = Vue;
  const IC = window.IC;
  const { store, t, api } = IC;

  Object.assign(IC.messages.zh, {
    'nav.forms': '报表管理',
    'form.new': '新建报表',
    'form.name': '报表名称',
    'form.programme': '专项',
    'form.year': '填报年度',
    'form.due': '截止日期',
    'form.items': '数据项',
    'form.assignments': '填报分工',
    'form.assignment_count': '分工数',
    'form.org': '填报单位',
    'form.region': '地区',
    'form.a_items': '填报的数据项',
    'form.a_due': '截止日期(可选)',
    'form.add_assignment': '添加分工',
    'form.all_items': '全部数据项',
    'form.created': '报表已创建',
    'form.view_assignments': '查看分工',
    'form.hint': '报表由协调员或管理员创建;每条分工指定一个单位为一个地区填报哪些数据项,填报单位在“数据填报”中看到待办。',
  });
  Object.assign(IC.messages.en, {
    'nav.forms': 'Data forms',
    'form.new': 'New form',
    'form.name': 'Form name',
    'form.programme': 'Programme',
    'form.year': 'Reporting year',
    'form.due': 'Due date',
    'form.items': 'Items',
    'form.assignments': 'Assignments',
    'form.assignment_count': 'Assignments',
    'form.org': 'Reporting unit',
    'form.region': 'Region',
    'form.a_items': 'Items reported',
    'form.a_due': 'Due date (optional)',
    'form.add_assignment': 'Add assignment',
    'form.all_items': 'All items',
    'form.created': 'Form created',
    'form.view_assignments': 'Assignments',
    'form.hint': 'Coordinators and admins create forms; each assignment names a unit, a region and the items it reports; the unit then sees it under "Data reporting".',
  });

  const FormsPage = {
    setup() {
      const setCrumbs = () => { store.crumbs = [{ label: t('nav.monitoring'), to: '/monitoring' }, { label: t('nav.forms') }]; };
      setCrumbs();
      watch(() => store.lang, setCrumbs);
      const forms = ref([]);
      const programmes = ref([]);
      const items = ref([]);
      const loading = ref(false);
      const canCreate = computed(() => !!store.user && ['admin', 'coordinator'].includes(store.user.role));
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
    template: `<page-card :title="t('nav.forms')">
      <template #extra><el-button v-if="canCreate" type="primary" size="small" @click="open" data-test="form-new" id="form-new">{{ t('form.new') }}</el-button></template>
      <p class="muted small">{{ t('form.hint') }}</p>
      <el-table :data="forms" v-loading="loading" border stripe :empty-text="t('common.empty')" data-test="form-table">
        <el-table-column :label="t('form.name')" min-width="240"><template #default="{ row }"><span :data-test="'form-row-' + row.id">{{ row.name }}</span> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
        <el-table-column :label="t('form.programme')" min-width="160"><template #default="{ row }">{{ progLabel(row.programme_id) }}</template></el-table-column>
        <el-table-column :label="t('form.year')" prop="year" width="90"></el-table-column>
        <el-table-column :label="t('form.due')" prop="due_date" width="110"></el-table-column>
        <el-table-column :label="t('form.items')" min-width="220"><template #default="{ row }"><el-tag v-for="c in row.items" :key="c" size="small" type="info" class="chip">{{ itemName(c) }}</el-tag></template></el-table-column>
        <el-table-column :label="t('form.assignment_count')" prop="assignment_count" width="90"></el-table-column>
        <el-table-column width="110"><template #default="{ row }"><el-button link type="primary" @click="IC.push(IC.withQuery('/monitoring', { year: row.year }))">{{ t('form.view_assignments') }}</el-button></template></el-table-column>
      </el-table>

      <el-dialog v-model="dlg.open" :title="t('form.new')" width="900px" append-to-body>
        <el-form :model="form" label-width="110px" @submit.prevent="save">
          <el-form-item :label="t('form.programme')" :error="err('programme_id')">
            <el-select v-model="form.programme_id" style="width: 100%" id="form-programme"><el-option v-for="p in programmes" :key="p.id" :value="p.id" :label="IC.progName(p)"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="t('form.name')" :error="err('name')"><el-input v-model="form.name" id="form-name" data-test="form-name"></el-input></el-form-item>
          <el-form-item :label="t('form.year')" :error="err('year')"><el-input-number v-model="form.year" :min="2000" :max="2100" controls-position="right" id="form-year"></el-input-number></el-form-item>
          <el-form-item :label="t('form.due')" :error="err('due_date')"><el-date-picker v-model="form.due_date" type="date" value-format="YYYY-MM-DD" id="form-due" data-test="form-due"></el-date-picker></el-form-item>
          <el-form-item :label="t('form.items')" :error="itemsErr">
            <el-select v-model="form.items" multiple filterable style="width: 100%" id="form-items" data-test="form-items"><el-option v-for="i in items" :key="i.code" :value="i.code" :label="i.name_zh + ' (' + i.code + ')'"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="t('form.assignments')">
            <div style="width: 100%">
              <div v-for="(a, k) in form.assignments" :key="k" class="mb" :data-test="'form-assignment-' + k" style="display: grid; grid-template-columns: 1.3fr 1fr 1.6fr 0.9fr auto; gap: 6px; align-items: start">
                <div><org-select v-model="a.org_id" :placeholder="t('form.org')" :id="'form-a-org-' + k"></org-select><div class="field-err">{{ err('assignments[' + k + '].org_id') }}</div></div>
                <div><region-select v-model="a.region_code" :placeholder="t('form.region')" :clearable="false"></region-select><div class="field-err">{{ err('assignments[' + k + '].region_code') }}</div></div>
                <div>
                  <el-select v-model="a.items" multiple collapse-tags collapse-tags-tooltip :placeholder="t('form.a_items')" style="width: 100%" :id="'form-a-items-' + k"><el-option v-for="c in form.items" :key="c" :value="c" :label="itemName(c)"></el-option></el-select>
                  <el-button link size="small" @click="a.items = form.items.slice()" :id="'form-a-all-' + k">{{ t('form.all_items') }}</el-button>
                  <div class="field-err">{{ err('assignments[' + k + '].items') }}</div>
                </div>
                <div><el-date-picker v-model="a.due_date" type="date" value-format="YYYY-MM-DD" :placeholder="t('form.a_due')" style="width: 100%"></el-date-picker><div class="field-err">{{ err('assignments[' + k + '].due_date') }}</div></div>
                <el-button link type="danger" @click="form.assignments.splice(k, 1)"><el-icon><icon-delete></icon-delete></el-icon></el-button>
              </div>
              <el-button size="small" @click="form.assignments.push(blankAssignment())" id="form-add-assignment">{{ t('form.add_assignment') }}</el-button>
            </div>
          </el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="dlg.saving" @click="save" data-test="form-save" id="form-save">{{ t('common.save') }}</el-button>
        </template>
      </el-dialog>
    </page-card>`,
  };

  Object.assign(IC.pages, { FormsPage });
})();
