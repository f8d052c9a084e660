/* innocity web UI — plans: list of implementation plans (实施方案). */
'use strict';
IC.module('plans', ({ t, api, store, area }) => {
  const { reactive, ref, computed, onMounted } = Vue;
  const { ParticipantSelect } = area.util;
  const listOf = IC.listOf;

  // ------------------------------------------------------------------ plans list
  const PlansPage = {
    components: { ParticipantSelect },
    setup() {
      const route = VueRouter.useRoute();
      const f = reactive({
        participant_id: route.query.participant_id && /^\d+$/.test(route.query.participant_id) ? Number(route.query.participant_id) : '',
        all: route.query.all === 'true',
      });
      const items = ref([]);
      const loading = ref(false);
      const error = ref('');
      async function load() {
        loading.value = true; error.value = '';
        try {
          const r = await api.get('/plans', { participant_id: f.participant_id, all: f.all ? 'true' : '' });
          items.value = listOf(r);
        } catch (e) { items.value = []; error.value = e.message; } finally { loading.value = false; }
      }
      function apply() {
        IC.push(IC.withQuery('/plans', { participant_id: f.participant_id, all: f.all ? 'true' : '' }), true);
        load();
      }
      onMounted(load);
      const canImport = computed(() => store.hasAccess('import'));
      return { f, items, loading, error, apply, canImport, t, IC };
    },
    template: `<page-card :title="$t('nav.plans')">
      <template #extra>
        <el-button v-if="canImport" type="primary" @click="IC.push('/plans/import' + (f.participant_id ? '?participant_id=' + f.participant_id : ''))" data-test="plans-import">
          <el-icon><icon-upload></icon-upload></el-icon><span>{{ $t('nav.plan_import') }}</span>
        </el-button>
      </template>
      <el-form :inline="true" class="filter-bar" @submit.prevent>
        <el-form-item :label="$t('plan.participant')">
          <participant-select v-model="f.participant_id" clearable :placeholder="$t('common.all')" width="300px" @change="apply" data-test="plans-filter-participant"></participant-select>
        </el-form-item>
        <el-form-item>
          <el-checkbox v-model="f.all" @change="apply" data-test="plans-filter-all">{{ $t('plan.show_superseded') }}</el-checkbox>
        </el-form-item>
      </el-form>
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <el-table :data="items" v-loading="loading" stripe border :empty-text="$t('plan.none')" data-test="plans-table">
        <el-table-column :label="$t('participant.region')" width="120"><template #default="{ row }">{{ row.region_name }}</template></el-table-column>
        <el-table-column :label="$t('plan.title')" min-width="300">
          <template #default="{ row }">
            <a class="link" :href="'#/plans/' + row.id" :data-test="'plan-link-' + row.id">{{ row.title }}</a>
            <demo-tag v-if="row.demo" class="ml"></demo-tag>
          </template>
        </el-table-column>
        <el-table-column :label="$t('plan.doc_number')" min-width="150"><template #default="{ row }">{{ row.doc_number || '—' }}</template></el-table-column>
        <el-table-column :label="$t('plan.revision')" width="130">
          <template #default="{ row }">
            {{ $t('plan.revision_n', { n: row.revision }) }}
            <el-tag v-if="row.status === 'superseded'" size="small" type="info" class="ml">{{ $t('plan.superseded') }}</el-tag>
          </template>
        </el-table-column>
        <el-table-column :label="$t('plan.targets')" width="80" align="right" prop="target_count"></el-table-column>
        <el-table-column :label="$t('plan.tasks')" width="80" align="right" prop="task_count"></el-table-column>
        <el-table-column :label="$t('plan.created_at')" width="150"><template #default="{ row }">{{ IC.fmtTime(row.created_at) }}</template></el-table-column>
        <el-table-column :label="$t('common.actions')" width="80" fixed="right">
          <template #default="{ row }"><el-button link type="primary" @click="IC.push('/plans/' + row.id)">{{ $t('common.view') }}</el-button></template>
        </el-table-column>
      </el-table>
    </page-card>`,
  };

  area.routes.push(
    { path: '/plans', name: 'plans', component: PlansPage, meta: { nav: '/plans', crumb: [{ key: 'nav.plans' }] } },
  );
});
