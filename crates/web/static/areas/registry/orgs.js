/* innocity web UI — registry: organisations list (组织机构). */
'use strict';
IC.module('registry', ({ t, api, push, store, area }) => {
  const { reactive, ref, computed, onMounted } = Vue;
  const OrgForm = IC.components.OrgForm;
  const { useList } = IC;

  const OrgsPage = {
    components: { OrgForm },
    setup() {
      const route = VueRouter.useRoute();
      const f = reactive({ q: route.query.q || '', kind: route.query.kind || '', region_code: route.query.region_code || '' });
      const list = useList('/orgs', () => Object.assign({}, f));
      onMounted(list.load);
      const isAdmin = computed(() => store.hasAccess('admin'));
      const formOpen = ref(false);
      const editing = ref(null);
      function create() { editing.value = null; formOpen.value = true; }
      function edit(o) { editing.value = o; formOpen.value = true; }
      function reset() { f.q = ''; f.kind = ''; f.region_code = ''; list.search(); }
      function onSaved(o) { if (!editing.value && o && o.id) push('/orgs/' + o.id); else list.load(); }
      function exportCsv() {
        IC.exportCsv('/orgs', Object.assign({}, f), [
          { label: t('org.name'), value: (o) => o.name },
          { label: t('org.kind'), value: (o) => IC.codeLabel('org_kinds', o.kind) || o.kind_label },
          { label: t('org.region'), value: (o) => o.region && o.region.name },
          { label: t('region.code'), value: (o) => o.region && o.region.code },
          { label: t('org.aliases'), value: (o) => (o.aliases || []).join(';') },
          { label: t('common.demo'), value: (o) => (o.demo ? t('common.yes') : t('common.no')) },
        ], 'orgs.csv');
      }
      // alias lookup: 市发改委 → the one organisation whose name or alias has the same key
      const lookup = reactive({ name: '', busy: false });
      async function doLookup() {
        const name = lookup.name.trim();
        if (!name) return;
        lookup.busy = true;
        try {
          const o = await api.get('/orgs/lookup', { name }, { quiet: true });
          push('/orgs/' + (o.org ? o.org.id : o.id));
        } catch (e) {
          if (e.status === 404) ElementPlus.ElMessage.warning(store.lang === 'en' ? t('org.lookup_none', { name }) : e.message);
          else ElementPlus.ElMessage.error(e.message);
        } finally { lookup.busy = false; }
      }
      return { f, list, isAdmin, formOpen, editing, create, edit, reset, onSaved, exportCsv, lookup, doLookup, t, IC };
    },
    template: `<page-card :title="$t('nav.orgs')">
      <template #extra>
        <el-input v-model="lookup.name" :placeholder="$t('org.lookup_ph')" style="width: 300px" class="lookup" @keyup.enter="doLookup" data-test="org-lookup">
          <template #append><el-button :loading="lookup.busy" @click="doLookup" data-test="org-lookup-go">{{ $t('org.lookup') }}</el-button></template>
        </el-input>
        <el-button v-if="isAdmin" type="primary" @click="create" data-test="org-create" class="ml"><el-icon><icon-plus></icon-plus></el-icon><span>{{ $t('org.create') }}</span></el-button></template>
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="$t('common.keyword')"><el-input v-model="f.q" clearable :placeholder="$t('org.search_ph')" style="width: 220px" @keyup.enter="list.search()" @clear="list.search()" data-test="org-q"></el-input></el-form-item>
        <el-form-item :label="$t('org.kind')">
          <el-select v-model="f.kind" clearable :placeholder="$t('common.all')" style="width: 160px" @change="list.search()"><el-option v-for="o in IC.codeOptions('org_kinds')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="$t('org.region')"><div style="width: 220px"><region-select v-model="f.region_code" :placeholder="$t('common.all')" @change="list.search()"></region-select></div></el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()" data-test="org-search"><el-icon><icon-search></icon-search></el-icon><span>{{ $t('common.search') }}</span></el-button>
          <el-button @click="reset">{{ $t('common.reset') }}</el-button>
          <el-button @click="exportCsv"><el-icon><icon-download></icon-download></el-icon><span>{{ $t('common.export') }}</span></el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="$t('common.empty')" data-test="orgs-table">
        <el-table-column :label="$t('org.name')" min-width="200"><template #default="{ row }"><a class="link" :href="'#/orgs/' + row.id">{{ row.name }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
        <el-table-column :label="$t('org.aliases')" min-width="260"><template #default="{ row }"><el-tag v-for="a in row.aliases" :key="a" size="small" type="info" class="chip">{{ a }}</el-tag></template></el-table-column>
        <el-table-column :label="$t('org.kind')" width="150"><template #default="{ row }">{{ IC.codeLabel('org_kinds', row.kind) || row.kind_label }}</template></el-table-column>
        <el-table-column :label="$t('org.region')" width="160"><template #default="{ row }"><a v-if="row.region" class="link" :href="'#/regions/' + row.region.code">{{ row.region.name }}</a></template></el-table-column>
        <el-table-column :label="$t('common.actions')" width="130" fixed="right">
          <template #default="{ row }">
            <el-button link type="primary" @click="IC.push('/orgs/' + row.id)">{{ $t('common.view') }}</el-button>
            <el-button link type="primary" v-if="isAdmin" @click="edit(row)">{{ $t('common.edit') }}</el-button>
          </template>
        </el-table-column>
      </el-table>
      <pager :list="list"></pager>
      <org-form v-model="formOpen" :org="editing" @saved="onSaved"></org-form>
    </page-card>`,
  };

  area.routes.push(
    { path: '/orgs', name: 'orgs', component: OrgsPage, meta: { nav: '/orgs', crumb: [{ key: 'nav.orgs' }] } },
  );
});
