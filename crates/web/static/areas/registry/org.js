/* innocity web UI — registry: one organisation with its aliases and users. */
'use strict';
IC.module('registry', ({ t, api, crumbs, store, area }) => {
  const { ref, computed, watch, onMounted } = Vue;
  const OrgForm = IC.components.OrgForm;

  const OrgPage = {
    components: { OrgForm },
    setup() {
      const route = VueRouter.useRoute();
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      const formOpen = ref(false);
      const isAdmin = computed(() => store.hasAccess('admin'));
      const setCrumbs = () => crumbs(data.value ? { label: data.value.org.name } : { key: 'crumb.org' });
      async function load() {
        try { data.value = await api.get('/orgs/' + encodeURIComponent(route.params.id)); setCrumbs(); } catch (e) { error.value = e.message; } finally { loading.value = false; }
      }
      onMounted(load);
      watch(() => store.lang, setCrumbs);
      return { data, error, loading, formOpen, isAdmin, load, t, IC };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <page-card :title="data.org.name">
          <template #title-extra><demo-tag v-if="data.org.demo" class="ml"></demo-tag></template>
          <template #extra><el-button v-if="isAdmin" @click="formOpen = true" data-test="org-edit"><el-icon><icon-edit></icon-edit></el-icon><span>{{ $t('common.edit') }}</span></el-button></template>
          <el-descriptions :column="2" border>
            <el-descriptions-item :label="$t('org.name')">{{ data.org.name }}</el-descriptions-item>
            <el-descriptions-item :label="$t('org.kind')">{{ IC.codeLabel('org_kinds', data.org.kind) || data.org.kind_label }}</el-descriptions-item>
            <el-descriptions-item :label="$t('org.region')"><a v-if="data.org.region" class="link" :href="'#/regions/' + data.org.region.code">{{ data.org.region.name }}</a> <span class="muted" v-if="data.org.region">{{ data.org.region.code }}</span></el-descriptions-item>
            <el-descriptions-item :label="$t('org.aliases')">
              <el-tag v-for="a in data.org.aliases" :key="a" type="info" class="chip">{{ a }}</el-tag><span v-if="!data.org.aliases || !data.org.aliases.length" class="muted">{{ $t('common.none') }}</span>
            </el-descriptions-item>
          </el-descriptions>
        </page-card>
        <page-card :title="$t('org.users')" v-if="isAdmin && data.users">
          <el-table :data="data.users" stripe border :empty-text="$t('common.empty')">
            <el-table-column :label="$t('user.username')" prop="username" width="160"></el-table-column>
            <el-table-column :label="$t('user.display_name')" prop="display_name" min-width="140"></el-table-column>
            <el-table-column :label="$t('user.role')" width="150"><template #default="{ row }">{{ IC.codeLabel('roles', row.role) }}</template></el-table-column>
            <el-table-column :label="$t('user.state')" width="100"><template #default="{ row }"><el-tag :type="row.disabled ? 'info' : 'success'" size="small">{{ row.disabled ? $t('user.disabled') : $t('user.enabled') }}</el-tag></template></el-table-column>
          </el-table>
        </page-card>
        <org-form v-model="formOpen" :org="data.org" @saved="load"></org-form>
      </template>
    </div>`,
  };

  area.routes.push(
    { path: '/orgs/:id', name: 'org', component: OrgPage, meta: { nav: '/orgs', crumb: [{ key: 'nav.orgs', to: '/orgs' }] } },
  );
});
