/* innocity web UI — evaluation: one method version — structure, TOML, new version. */
'use strict';
IC.module('evaluation', ({ t, api, push, crumbs, store, area }) => {
  const { reactive, ref, computed, onMounted } = Vue;
  const { problemLines } = area.util;

  // ------------------------------------------------------------------ one method version
  const MethodPage = {
    setup() {
      const route = VueRouter.useRoute();
      const d = ref(null);
      const ed = reactive({ open: false, name: '', method_toml: '', structure_csv: '' });
      const problems = ref([]);
      const load = async () => {
        d.value = await api.get('/evaluations/methods/' + route.params.id);
        crumbs({ label: d.value.method.name + ' v' + d.value.method.version });
      };
      const openEdit = () => {
        Object.assign(ed, { open: true, name: d.value.method.name, method_toml: d.value.method_toml, structure_csv: d.value.structure_csv });
        problems.value = [];
      };
      const save = async () => {
        problems.value = [];
        try {
          const r = await api.post('/evaluations/methods/' + d.value.method.id + '/versions', { name: ed.name, method_toml: ed.method_toml, structure_csv: ed.structure_csv }, { quiet: true });
          ed.open = false;
          push('/evaluation/methods/' + r.method.id);
        } catch (e) {
          problems.value = problemLines(e);
        }
      };
      onMounted(load);
      const go = (id) => { push('/evaluation/methods/' + id); };
      return { t, d, ed, problems, openEdit, save, go, load, can: computed(() => store.hasAccess('review')) };
    },
    template: `
      <div v-if="d">
        <page-card :title="d.method.name + ' — v' + d.method.version">
          <template #extra><el-button v-if="can" type="primary" @click="openEdit" data-test="ev-new-version">{{ $t('ev.new_version') }}</el-button></template>
          <p>{{ d.method.description }}</p>
          <div>{{ $t('ev.history') }}:
            <el-button v-for="h in d.history" :key="h.id" size="small" :type="h.id === d.method.id ? 'primary' : 'default'" @click="go(h.id)">v{{ h.version }}</el-button>
          </div>
        </page-card>
        <page-card :title="$t('ev.structure')">
          <el-table :data="d.nodes" size="small" data-test="ev-structure">
            <el-table-column prop="level" :label="$t('ev.level')" width="70"></el-table-column>
            <el-table-column prop="code" :label="$t('ev.key')" width="240"></el-table-column>
            <el-table-column :label="$t('ev.name')" min-width="240"><template #default="{ row }">{{ row.name }}
              <el-tag v-if="row.unverified" size="small" type="warning">{{ $t('ev.unverified') }}</el-tag></template></el-table-column>
            <el-table-column prop="parent" :label="$t('ev.parent')" width="140"></el-table-column>
            <el-table-column prop="weight" :label="$t('ev.weight')" width="80"></el-table-column>
            <el-table-column prop="direction" :label="$t('ev.direction')" width="80"></el-table-column>
          </el-table>
        </page-card>
        <page-card :title="$t('ev.toml')"><pre class="code-block" data-test="ev-toml">{{ d.method_toml }}</pre></page-card>
        <el-dialog v-model="ed.open" :title="$t('ev.new_version')" width="860px">
          <el-form label-position="top">
            <el-form-item :label="$t('ev.name')"><el-input v-model="ed.name"></el-input></el-form-item>
            <el-form-item :label="$t('ev.toml')"><el-input v-model="ed.method_toml" type="textarea" :rows="12" class="mono" data-test="ev-edit-toml"></el-input></el-form-item>
            <el-form-item :label="$t('ev.structure') + ' (iMeta CSV)'"><el-input v-model="ed.structure_csv" type="textarea" :rows="10" class="mono"></el-input></el-form-item>
          </el-form>
          <el-alert v-if="problems.length" type="error" :closable="false" :title="$t('ev.problems')" data-test="ev-version-problems">
            <div v-for="p in problems" :key="p">{{ p }}</div>
          </el-alert>
          <template #footer><el-button type="primary" @click="save" data-test="ev-save-version">{{ $t('ev.save_version') }}</el-button></template>
        </el-dialog>
      </div>`,
  };

  area.routes.push(
    { path: '/evaluation/methods/:id', name: 'ev-method', component: MethodPage, meta: { nav: '/evaluation', crumb: [{ key: 'nav.evaluation', to: '/evaluation' }] } },
  );
});
