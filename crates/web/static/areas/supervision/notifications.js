/* innocity web UI — supervision: notification centre (消息中心). */
'use strict';
IC.module('supervision', ({ t, api, area }) => {
  const { ref, computed, onMounted } = Vue;

  // ------------------------------------------------------------------ notification centre
  const NotificationsPage = {
    setup() {
      const items = ref([]);
      const loading = ref(false);
      async function load() {
        loading.value = true;
        try { items.value = (await api.get('/supervision/notifications')).items; } catch (e) { items.value = []; } finally { loading.value = false; }
      }
      onMounted(load);
      async function read(ids) {
        if (!ids.length) return;
        await api.post('/supervision/notifications/read', { ids });
        load();
      }
      const unread = computed(() => items.value.filter((n) => !n.read_at).map((n) => n.id));
      return { items, loading, read, unread, t, IC };
    },
    template: `<page-card>
      <div class="detail-head">
        <h2>{{ $t('nav.notifications') }}</h2>
        <el-tag v-if="unread.length" type="danger" data-test="sv-unread">{{ $t('sv.unread') }} {{ unread.length }}</el-tag>
        <span class="head-actions"><el-button :disabled="!unread.length" @click="read(unread)" data-test="sv-read-all">{{ $t('sv.mark_all_read') }}</el-button></span>
      </div>
      <el-table :data="items" v-loading="loading" border :empty-text="$t('sv.no_notes')" data-test="sv-notes">
        <el-table-column width="70"><template #default="{ row }"><el-tag v-if="!row.read_at" size="small" type="danger">{{ $t('sv.unread') }}</el-tag></template></el-table-column>
        <el-table-column :label="$t('sv.task')" min-width="240">
          <template #default="{ row }"><a v-if="row.task_id" class="link" :href="'#/tasks/' + row.task_id">{{ row.title }}</a><span v-else>{{ row.title }}</span><div class="small muted">{{ row.body }}</div></template>
        </el-table-column>
        <el-table-column width="170"><template #default="{ row }">{{ IC.fmtTime(row.created_at) }}</template></el-table-column>
        <el-table-column width="120"><template #default="{ row }"><el-button v-if="!row.read_at" size="small" link type="primary" @click="read([row.id])">{{ $t('sv.mark_read') }}</el-button></template></el-table-column>
      </el-table>
    </page-card>`,
  };

  area.routes.push(
    { path: '/notifications', name: 'notifications', component: NotificationsPage, meta: { nav: '/notifications', crumb: [{ key: 'nav.notifications' }] } },
  );
});
