/* innocity web UI — registry: one programme (建设计划) with its batches and participants. */
'use strict';
IC.module('registry', ({ t, api, crumbs, store, area }) => {
  const { ref, watch, onMounted } = Vue;

  // ------------------------------------------------------------------ programme detail
  const ProgrammePage = {
    setup() {
      const route = VueRouter.useRoute();
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      onMounted(async () => {
        try {
          data.value = await api.get('/programmes/' + encodeURIComponent(route.params.id));
          crumbs({ label: IC.progName(data.value.programme) });
        } catch (e) { error.value = e.message; } finally { loading.value = false; }
      });
      watch(() => store.lang, () => { if (data.value) crumbs({ label: IC.progName(data.value.programme) }); });
      const statuses = IC.statusOrder;
      return { data, error, loading, statuses, t, IC, route };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <page-card :title="IC.progName(data.programme)">
          <el-descriptions :column="2" border>
            <el-descriptions-item :label="$t('programme.code')">{{ data.programme.code }}</el-descriptions-item>
            <el-descriptions-item :label="$t('programme.participants')">{{ data.programme.participant_count }}</el-descriptions-item>
            <el-descriptions-item :label="$t('programme.name')">{{ data.programme.name_zh }}<span class="muted" v-if="data.programme.name_en"> / {{ data.programme.name_en }}</span></el-descriptions-item>
            <el-descriptions-item :label="$t('participant.status')">
              <span v-for="s in statuses" :key="s" class="status-chip" v-show="data.status_counts && data.status_counts[s]">
                <status-tag :status="s" size="small"></status-tag><b>{{ data.status_counts && data.status_counts[s] }}</b>
              </span>
            </el-descriptions-item>
            <el-descriptions-item :label="$t('programme.description')" :span="2">{{ data.programme.description || '—' }}</el-descriptions-item>
          </el-descriptions>
        </page-card>
        <page-card :title="$t('programme.batches')">
          <el-table :data="data.batches" stripe border :empty-text="$t('common.empty')">
            <el-table-column :label="$t('batch.code')" prop="code" width="160"></el-table-column>
            <el-table-column :label="$t('batch.name')" prop="name" min-width="200"></el-table-column>
            <el-table-column :label="$t('batch.approved_on')" prop="approved_on" width="120"></el-table-column>
            <el-table-column :label="$t('batch.count')" prop="participant_count" width="110"></el-table-column>
            <el-table-column :label="$t('batch.note')" prop="note" min-width="240" show-overflow-tooltip></el-table-column>
          </el-table>
        </page-card>
        <page-card :title="$t('programme.participants')">
          <participant-table :programme-id="data.programme.id" :batches="data.batches"></participant-table>
        </page-card>
      </template>
    </div>`,
  };

  area.routes.push(
    { path: '/programmes/:id', name: 'programme', component: ProgrammePage, meta: { nav: '/participants', crumb: [{ key: 'nav.participants', to: '/participants' }] } },
  );
});
