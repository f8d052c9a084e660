/* innocity web UI — registry: administrative regions (行政区划) — tree and detail. */
'use strict';
IC.module('registry', ({ t, api, push, crumbs, rules, store, area }) => {
  const { reactive, ref, computed, watch, onMounted, nextTick } = Vue;

  // ------------------------------------------------------------------ regions
  const RegionsPage = {
    setup() {
      const route = VueRouter.useRoute();
      const tree = ref([]);
      const flat = ref([]);
      const filter = ref('');
      const treeRef = ref(null);
      const loading = ref(true);
      const detail = ref(null);
      const dLoading = ref(false);
      const dError = ref('');
      const expanded = ref([]);
      const isAdmin = computed(() => store.hasAccess('admin'));
      const setCrumbs = () => (detail.value ? crumbs({ label: detail.value.region.name }) : crumbs());
      async function loadTree() {
        loading.value = true;
        try {
          const r = await api.get('/regions');
          flat.value = r.items || [];
          tree.value = IC.buildRegionTree(flat.value);
          // open the first two levels
          expanded.value = tree.value.map((n) => n.code).concat(...tree.value.map((n) => n.children.map((c) => c.code)));
        } catch (e) { tree.value = []; } finally { loading.value = false; }
      }
      async function loadDetail(code) {
        if (!code) { detail.value = null; setCrumbs(); return; }
        dLoading.value = true; dError.value = '';
        try {
          detail.value = await api.get('/regions/' + encodeURIComponent(code));
          await nextTick();
          if (treeRef.value) {
            treeRef.value.setCurrentKey(code);
            // open the path down to the selected region
            const node = treeRef.value.getNode(code);
            for (let n = node && node.parent; n; n = n.parent) n.expanded = true;
            setTimeout(() => {
              const cur = document.querySelector('.region-tree .is-current');
              if (cur) cur.scrollIntoView({ block: 'nearest' });
            }, 300);
          }
        } catch (e) { detail.value = null; dError.value = e.message; } finally { dLoading.value = false; setCrumbs(); }
      }
      onMounted(async () => {
        await loadTree();
        // without a selection, open the user's own region
        const own = store.user && store.user.region_code;
        if (!route.params.code && own && flat.value.some((r) => r.code === own)) push('/regions/' + own, true);
        else loadDetail(route.params.code);
      });
      watch(() => route.params.code, (c) => loadDetail(c));
      watch(() => store.lang, setCrumbs);
      watch(filter, (v) => treeRef.value && treeRef.value.filter(v));
      const filterNode = (v, d) => !v || d.name.includes(v) || d.code.includes(v);
      function onNode(d) { push('/regions/' + d.code); }
      const parentName = computed(() => {
        if (!detail.value || !detail.value.region.parent_code) return '';
        const p = flat.value.find((r) => r.code === detail.value.region.parent_code);
        return p ? p.name : detail.value.region.parent_code;
      });
      // admin create / edit
      const dlg = reactive({ open: false, mode: 'create', saving: false });
      const form = reactive({ code: '', name: '', level: '', parent_code: '' });
      const errs = reactive({ code: '', name: '', level: '', parent_code: '' });
      const formRef = ref(null);
      const formRules = computed(() => ({
        code: [rules.required(), { pattern: /^\d{6}$/, message: () => t('region.code_invalid'), trigger: 'blur' }],
        name: [rules.required(), rules.max(100)],
        level: [rules.required('change')],
      }));
      function openCreate() {
        dlg.mode = 'create';
        Object.assign(form, { code: '', name: '', level: '', parent_code: detail.value ? detail.value.region.code : '' });
        IC.clearFieldErrors(errs); dlg.open = true;
        nextTick(() => formRef.value && formRef.value.clearValidate());
      }
      function openEdit() {
        const r = detail.value.region;
        dlg.mode = 'edit';
        Object.assign(form, { code: r.code, name: r.name, level: r.level, parent_code: r.parent_code || '' });
        IC.clearFieldErrors(errs); dlg.open = true;
        nextTick(() => formRef.value && formRef.value.clearValidate());
      }
      const save = () => IC.submitForm(formRef, errs, (b) => (dlg.saving = b), async () => {
        const body = { name: form.name.trim(), level: form.level, parent_code: form.parent_code || null };
        if (dlg.mode === 'create') await api.post('/regions', Object.assign({ code: form.code.trim() }, body));
        else await api.put('/regions/' + encodeURIComponent(form.code), body);
        dlg.open = false;
        ElementPlus.ElMessage.success(t('common.saved'));
        await loadTree();
        if (dlg.mode === 'create') push('/regions/' + form.code.trim()); else loadDetail(form.code);
      });
      return { tree, filter, treeRef, loading, detail, dLoading, dError, expanded, filterNode, onNode, parentName, isAdmin,
        dlg, form, errs, formRef, formRules, openCreate, openEdit, save, t, IC };
    },
    template: `<el-row :gutter="16">
      <el-col :xs="24" :md="9" :lg="7">
        <page-card :title="$t('region.tree')">
          <template #extra><el-button v-if="isAdmin" size="small" type="primary" @click="openCreate" data-test="region-create"><el-icon><icon-plus></icon-plus></el-icon><span>{{ $t('common.create') }}</span></el-button></template>
          <el-input v-model="filter" clearable :placeholder="$t('region.filter')" class="mb" data-test="region-filter"></el-input>
          <el-tree ref="treeRef" v-loading="loading" :data="tree" node-key="code" :props="{ label: 'name', children: 'children' }"
            :default-expanded-keys="expanded" :filter-node-method="filterNode" highlight-current :expand-on-click-node="false"
            @node-click="onNode" class="region-tree" data-test="region-tree">
            <template #default="{ data }">
              <span class="tree-node"><span>{{ data.name }}</span><span class="muted small">{{ data.code }}</span><demo-tag v-if="data.demo"></demo-tag></span>
            </template>
          </el-tree>
        </page-card>
      </el-col>
      <el-col :xs="24" :md="15" :lg="17">
        <div v-loading="dLoading">
          <el-alert v-if="dError" :title="dError" type="error" show-icon :closable="false" class="mb"></el-alert>
          <page-card v-if="!detail && !dError"><el-empty :description="$t('region.pick')"></el-empty></page-card>
          <template v-if="detail">
            <page-card :title="detail.region.name">
              <template #title-extra><demo-tag v-if="detail.region.demo" class="ml"></demo-tag></template>
              <template #extra><el-button v-if="isAdmin" size="small" @click="openEdit" data-test="region-edit"><el-icon><icon-edit></icon-edit></el-icon><span>{{ $t('common.edit') }}</span></el-button></template>
              <el-descriptions :column="3" border>
                <el-descriptions-item :label="$t('region.code')">{{ detail.region.code }}</el-descriptions-item>
                <el-descriptions-item :label="$t('region.level')">{{ IC.codeLabel('region_levels', detail.region.level) }}</el-descriptions-item>
                <el-descriptions-item :label="$t('region.parent')">
                  <a v-if="detail.region.parent_code" class="link" :href="'#/regions/' + detail.region.parent_code">{{ parentName }}</a><span v-else>—</span>
                </el-descriptions-item>
              </el-descriptions>
            </page-card>
            <page-card :title="$t('region.children') + ' (' + detail.children.length + ')'">
              <div v-if="detail.children.length" class="chips">
                <el-tag v-for="c in detail.children" :key="c.code" class="chip" effect="plain" @click="IC.push('/regions/' + c.code)">
                  {{ c.name }} <span class="muted small">{{ c.code }} · {{ IC.codeLabel('region_levels', c.level) }}</span>
                </el-tag>
              </div>
              <div v-else class="muted">{{ $t('common.none') }}</div>
            </page-card>
            <page-card :title="$t('region.participants') + ' (' + detail.participants.length + ')'">
              <el-table :data="detail.participants" stripe border :empty-text="$t('common.empty')">
                <el-table-column :label="$t('participant.programme')" min-width="200"><template #default="{ row }"><a class="link" :href="'#/participants/' + row.id">{{ IC.progName(row.programme) }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
                <el-table-column :label="$t('participant.batch')" min-width="140"><template #default="{ row }">{{ row.batch && row.batch.name }}</template></el-table-column>
                <el-table-column :label="$t('participant.acceptance_year')" width="100" prop="acceptance_year"></el-table-column>
                <el-table-column :label="$t('participant.status')" width="130"><template #default="{ row }"><status-tag :status="row.status" size="small"></status-tag></template></el-table-column>
              </el-table>
            </page-card>
            <page-card :title="$t('region.orgs') + ' (' + detail.orgs.length + ')'">
              <el-table :data="detail.orgs" stripe border :empty-text="$t('common.empty')">
                <el-table-column :label="$t('org.name')" min-width="200"><template #default="{ row }"><a class="link" :href="'#/orgs/' + row.id">{{ row.name }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
                <el-table-column :label="$t('org.kind')" width="140"><template #default="{ row }">{{ IC.codeLabel('org_kinds', row.kind) || row.kind_label }}</template></el-table-column>
                <el-table-column :label="$t('org.aliases')" min-width="220"><template #default="{ row }"><el-tag v-for="a in row.aliases" :key="a" size="small" type="info" class="chip">{{ a }}</el-tag></template></el-table-column>
              </el-table>
            </page-card>
          </template>
        </div>
      </el-col>
      <el-dialog v-model="dlg.open" :title="dlg.mode === 'create' ? $t('common.create') + ' · ' + $t('nav.regions') : $t('common.edit') + ' · ' + form.name" width="560px" append-to-body>
        <el-form ref="formRef" :model="form" :rules="formRules" label-width="110px" @submit.prevent="save">
          <el-form-item :label="$t('region.code')" prop="code" :error="errs.code"><el-input v-model="form.code" :disabled="dlg.mode === 'edit'" maxlength="6"></el-input></el-form-item>
          <el-form-item :label="$t('region.name')" prop="name" :error="errs.name"><el-input v-model="form.name"></el-input></el-form-item>
          <el-form-item :label="$t('region.level')" prop="level" :error="errs.level">
            <el-select v-model="form.level" style="width: 100%"><el-option v-for="o in IC.codeOptions('region_levels')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="$t('region.parent')" prop="parent_code" :error="errs.parent_code"><region-select v-model="form.parent_code"></region-select></el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="dlg.saving" test="region-save" save @cancel="dlg.open = false" @confirm="save"></dialog-footer></template>
      </el-dialog>
    </el-row>`,
  };

  area.routes.push(
    { path: '/regions', name: 'regions', component: RegionsPage, meta: { nav: '/regions', viewKey: 'regions', crumb: [{ key: 'nav.regions', to: '/regions' }] } },
    { path: '/regions/:code', name: 'region', component: RegionsPage, meta: { nav: '/regions', viewKey: 'regions', crumb: [{ key: 'nav.regions', to: '/regions' }] } },
  );
});
