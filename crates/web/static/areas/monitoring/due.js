/* innocity web UI — monitoring: what is due (数据填报) — assignments to report and review. */
'use strict';
IC.module('monitoring', ({ t, api, store, area }) => {
  const { ref, computed, onMounted } = Vue;
  const { STATUS_TAG, ImportBox } = area.util;

  // ------------------------------------------------------------------ what is due
  const MonitoringPage = {
    components: { ImportBox },
    setup() {
      const route = VueRouter.useRoute();
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
      const canImport = computed(() => store.hasAccess('data_import'));
      return { year, items, summary, loading, load, canImport, STATUS_TAG, t, IC };
    },
    template: `<page-card :title="$t('nav.monitoring')">
      <el-form :inline="true" class="filter-bar" @submit.prevent>
        <el-form-item :label="$t('mon.year')">
          <el-input-number v-model="year" :min="2000" :max="2100" controls-position="right" @change="load" data-test="mon-year"></el-input-number>
        </el-form-item>
        <el-form-item v-if="summary">
          <span class="mon-summary" data-test="mon-completeness">{{ $t('mon.completeness') }}:
            <el-tag>{{ $t('mon.c_total', { n: summary.assignments }) }}</el-tag>
            <el-tag type="primary">{{ $t('mon.c_submitted', { n: summary.submitted }) }}</el-tag>
            <el-tag type="success">{{ $t('mon.c_approved', { n: summary.approved }) }}</el-tag>
            <el-tag type="danger">{{ $t('mon.c_overdue', { n: summary.overdue }) }}</el-tag>
          </span>
        </el-form-item>
      </el-form>
      <el-table :data="items" v-loading="loading" border stripe :empty-text="$t('common.empty')" data-test="mon-assignments">
        <el-table-column :label="$t('mon.form')" prop="form_name" min-width="220"></el-table-column>
        <el-table-column :label="$t('mon.org')" prop="org_name" min-width="150"></el-table-column>
        <el-table-column :label="$t('mon.region')" prop="region_name" width="110"></el-table-column>
        <el-table-column :label="$t('mon.filled')" width="90"><template #default="{ row }">{{ row.filled === null ? '—' : row.filled }} / {{ row.item_count }}</template></el-table-column>
        <el-table-column :label="$t('mon.due')" width="150"><template #default="{ row }">{{ row.due_date }} <el-tag v-if="row.overdue" type="danger" size="small">{{ $t('mon.overdue') }}</el-tag><el-tag v-else-if="row.on_time === false" type="warning" size="small">{{ $t('mon.late') }}</el-tag></template></el-table-column>
        <el-table-column :label="$t('mon.status')" width="100"><template #default="{ row }"><el-tag :type="STATUS_TAG[row.status]" :data-test="'mon-status-' + row.id">{{ $t('mon.st.' + row.status) }}</el-tag></template></el-table-column>
        <el-table-column width="90"><template #default="{ row }"><el-button link type="primary" @click="IC.push('/monitoring/assignments/' + row.id)" :data-test="'mon-open-' + row.id">{{ $t('mon.open') }}</el-button></template></el-table-column>
      </el-table>
      <import-box v-if="canImport" class="mt" @done="load"></import-box>
    </page-card>`,
  };

  area.routes.push(
    { path: '/monitoring', name: 'monitoring', component: MonitoringPage, meta: { nav: '/monitoring', crumb: [{ key: 'nav.monitoring' }] } },
  );
});
