/* innocity web UI — supervision: task list (mine / all with filters), take over a plan. */
'use strict';
IC.module('supervision', ({ t, api, push, store, area }) => {
  const { reactive, ref, computed, watch, onMounted } = Vue;
  const { COLOUR_TAG, STATUSES, statusLabel, colourLabel, unitNames, pct } = area.util;

  // ------------------------------------------------------------------ task list
  const TasksPage = {
    setup() {
      const route = VueRouter.useRoute();
      const tab = ref(route.query.tab === 'all' ? 'all' : 'mine');
      const f = reactive({ org_id: '', status: '', colour: '', plan_id: '', region: '', person: '' });
      const items = ref([]);
      const today = ref('');
      const loading = ref(false);
      const orgs = ref([]);
      const plans = ref([]);
      const dlg = reactive({ open: false, plan_id: '', due: '', assign: true, busy: false, errs: { plan_id: '', due: '' } });
      const newOpen = ref(false);
      const created = (d) => push('/tasks/' + d.task.id);
      const params = computed(() => (tab.value === 'mine' ? { mine: true } : Object.assign({}, f)));
      async function load() {
        loading.value = true;
        try {
          const r = await api.get('/supervision/tasks', params.value);
          items.value = r.items;
          today.value = r.today;
        } catch (e) { items.value = []; } finally { loading.value = false; }
      }
      onMounted(async () => {
        load();
        try { plans.value = (await api.get('/plans')).items; } catch (e) { /* none */ }
        try { orgs.value = (await api.get('/orgs', { per_page: 200 })).items; } catch (e) { /* none */ }
      });
      watch(tab, load);
      const ledgerUrl = computed(() => {
        const q = new URLSearchParams();
        Object.entries(params.value).forEach(([k, v]) => { if (v !== '' && v !== null && v !== undefined) q.append(k, v); });
        const s = q.toString();
        return '/api/v1/supervision/ledger.xlsx' + (s ? '?' + s : '');
      });
      async function takeOver() {
        dlg.busy = true;
        try {
          const r = await api.post('/supervision/from-plan', { plan_id: dlg.plan_id ? Number(dlg.plan_id) : 0, due: dlg.due || null, assign: dlg.assign });
          ElementPlus.ElMessage.success(t('sv.take_over_done', { n: r.created.length, m: Object.keys(r.skipped).length }));
          dlg.open = false;
          tab.value = 'all';
          load();
        } catch (e) { IC.applyFieldErrors(dlg.errs, e); } finally { dlg.busy = false; }
      }
      return { tab, f, items, today, loading, orgs, plans, dlg, newOpen, created, load, ledgerUrl, takeOver, STATUSES, statusLabel, colourLabel, COLOUR_TAG, unitNames, pct, t, IC, store };
    },
    template: `<div>
      <page-card>
        <div class="detail-head">
          <h2>{{ $t('nav.tasks') }}</h2>
          <span class="muted small ml" data-test="sv-today">{{ $t('sv.today', { d: today }) }}</span>
          <span class="head-actions">
            <el-button v-if="store.hasAccess('coordinate')" type="primary" @click="dlg.open = true" data-test="sv-take-over">{{ $t('sv.take_over') }}</el-button>
            <el-button v-if="store.hasAccess('coordinate')" @click="newOpen = true" data-test="sv-new">{{ $t('sv.new_task') }}</el-button>
            <el-button tag="a" :href="ledgerUrl" download data-test="sv-ledger"><el-icon><icon-download></icon-download></el-icon><span>{{ $t('sv.ledger') }}</span></el-button>
          </span>
        </div>
        <el-tabs v-model="tab" data-test="sv-tabs">
          <el-tab-pane :label="$t('sv.mine')" name="mine"></el-tab-pane>
          <el-tab-pane :label="$t('sv.all')" name="all"></el-tab-pane>
        </el-tabs>
        <el-form v-if="tab === 'all'" inline class="filters" @submit.prevent="load">
          <el-form-item :label="$t('sv.department')">
            <el-select v-model="f.org_id" clearable filterable :placeholder="$t('sv.any')" style="width: 200px" data-test="sv-filter-org">
              <el-option v-for="o in orgs" :key="o.id" :label="o.name" :value="o.id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="$t('sv.status')">
            <el-select v-model="f.status" clearable :placeholder="$t('sv.any')" style="width: 120px" data-test="sv-filter-status">
              <el-option v-for="s in STATUSES" :key="s" :label="statusLabel(s)" :value="s"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="$t('sv.colour')">
            <el-select v-model="f.colour" clearable :placeholder="$t('sv.any')" style="width: 120px" data-test="sv-filter-colour">
              <el-option v-for="c in ['red', 'yellow', 'blue', 'green']" :key="c" :label="colourLabel(c)" :value="c"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="$t('sv.plan')">
            <el-select v-model="f.plan_id" clearable :placeholder="$t('sv.any')" style="width: 220px">
              <el-option v-for="p in plans" :key="p.id" :label="p.title" :value="p.id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="$t('sv.region')">
            <region-select v-model="f.region" style="width: 180px"></region-select>
          </el-form-item>
          <el-form-item :label="$t('sv.person')">
            <el-input v-model="f.person" clearable style="width: 120px" data-test="sv-filter-person"></el-input>
          </el-form-item>
          <el-form-item><el-button type="primary" @click="load" data-test="sv-filter-search">{{ $t('common.search') }}</el-button></el-form-item>
        </el-form>
        <el-table :data="items" v-loading="loading" border stripe :empty-text="$t('common.empty')" data-test="sv-tasks">
          <el-table-column :label="$t('sv.colour')" width="100">
            <template #default="{ row }"><el-tag :type="COLOUR_TAG[row.colour]" effect="dark" size="small" :data-test="'sv-colour-' + row.id">{{ colourLabel(row.colour) }}</el-tag></template>
          </el-table-column>
          <el-table-column :label="$t('sv.task')" min-width="240">
            <template #default="{ row }"><a class="link" :href="'#/tasks/' + row.id" :data-test="'sv-task-' + row.number">{{ row.number }} {{ row.title }}</a></template>
          </el-table-column>
          <el-table-column :label="$t('sv.lead')" min-width="140"><template #default="{ row }">{{ unitNames(row, ['lead', 'joint']) }}</template></el-table-column>
          <el-table-column :label="$t('sv.coop')" min-width="140"><template #default="{ row }">{{ unitNames(row, ['coop']) }}</template></el-table-column>
          <el-table-column :label="$t('sv.due')" prop="due" width="110"></el-table-column>
          <el-table-column :label="$t('sv.progress')" width="80"><template #default="{ row }">{{ pct(row.progress) }}</template></el-table-column>
          <el-table-column :label="$t('sv.status')" width="100"><template #default="{ row }"><span :data-test="'sv-status-' + row.id">{{ statusLabel(row.status) }}</span></template></el-table-column>
          <el-table-column :label="$t('sv.next')" width="170"><template #default="{ row }"><span v-if="row.next_deadline">{{ row.next_deadline.label }} {{ row.next_deadline.due }}</span></template></el-table-column>
        </el-table>
      </page-card>
      <el-dialog v-model="dlg.open" :title="$t('sv.take_over')" width="520px">
        <el-form label-width="110px">
          <el-form-item :label="$t('sv.plan')" :error="dlg.errs.plan_id">
            <el-select v-model="dlg.plan_id" style="width: 100%" data-test="sv-take-plan">
              <el-option v-for="p in plans" :key="p.id" :label="p.region_name + ' · ' + p.title" :value="p.id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="$t('sv.due')" :error="dlg.errs.due">
            <el-input v-model="dlg.due" placeholder="YYYY-MM-DD" id="sv-take-due"></el-input>
          </el-form-item>
          <el-form-item><el-checkbox v-model="dlg.assign">{{ $t('sv.assign_now') }}</el-checkbox></el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="dlg.busy" test="sv-take-confirm" @cancel="dlg.open = false" @confirm="takeOver"></dialog-footer></template>
      </el-dialog>
      <sv-new-task v-model="newOpen" :orgs="orgs" @created="created"></sv-new-task>
    </div>`,
  };

  area.routes.push(
    { path: '/tasks', name: 'tasks', component: TasksPage, meta: { nav: '/tasks', crumb: [{ key: 'nav.tasks' }] } },
  );
});
