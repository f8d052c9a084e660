/* innocity web UI — library: indicator library list (指标库). */
'use strict';
IC.module('library', ({ t, push, store, area, useList }) => {
  const { reactive, ref, computed, onMounted } = Vue;
  const IndicatorForm = area.IndicatorForm;

  const IndicatorsPage = {
    components: { IndicatorForm },
    setup() {
      const route = VueRouter.useRoute();
      const f = reactive({ q: route.query.q || '' });
      const list = useList('/indicators', () => Object.assign({}, f), { perPage: 50 });
      onMounted(list.load);
      const isAdmin = computed(() => store.hasAccess('admin'));
      const formOpen = ref(false);
      function onSaved(i) { if (i && i.id) push('/indicators/' + i.id); else list.load(); }
      function exportCsv() {
        IC.exportCsv('/indicators', Object.assign({}, f), [
          { label: t('ind.code'), value: (i) => i.code },
          { label: t('ind.name_zh'), value: (i) => i.name_zh },
          { label: t('ind.name_en'), value: (i) => i.name_en },
          { label: t('ind.synonyms'), value: (i) => (i.synonyms || []).join(';') },
          { label: t('ind.unit'), value: (i) => i.unit },
          { label: t('ind.direction'), value: (i) => IC.codeLabel('directions', i.direction) },
          { label: t('ind.aggregation'), value: (i) => IC.codeLabel('aggregations', i.aggregation) },
          { label: t('ind.source_dept'), value: (i) => i.source_dept },
          { label: t('ind.formula'), value: (i) => i.formula },
          { label: t('ind.definition'), value: (i) => i.definition },
        ], 'indicators.csv');
      }
      return { f, list, isAdmin, formOpen, onSaved, exportCsv, t, IC, store };
    },
    template: `<page-card :title="$t('nav.indicators')">
      <template #extra><el-button v-if="isAdmin" type="primary" @click="formOpen = true" data-test="ind-create"><el-icon><icon-plus></icon-plus></el-icon><span>{{ $t('ind.create') }}</span></el-button></template>
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="$t('common.keyword')"><el-input v-model="f.q" clearable :placeholder="$t('ind.search_ph')" style="width: 260px" @keyup.enter="list.search()" @clear="list.search()" data-test="ind-q"></el-input></el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()"><el-icon><icon-search></icon-search></el-icon><span>{{ $t('common.search') }}</span></el-button>
          <el-button @click="f.q = ''; list.search()">{{ $t('common.reset') }}</el-button>
          <el-button @click="exportCsv"><el-icon><icon-download></icon-download></el-icon><span>{{ $t('common.export') }}</span></el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="$t('common.empty')" data-test="indicators-table">
        <el-table-column :label="$t('ind.code')" width="210"><template #default="{ row }"><a class="link mono" :href="'#/indicators/' + row.id">{{ row.code }}</a></template></el-table-column>
        <el-table-column :label="store.lang === 'en' ? $t('ind.name_en') : $t('ind.name_zh')" min-width="220">
          <template #default="{ row }"><a class="link" :href="'#/indicators/' + row.id">{{ store.lang === 'en' ? (row.name_en || row.name_zh) : row.name_zh }}</a> <demo-tag v-if="row.demo"></demo-tag> <el-tag v-if="row.unverified" type="warning" size="small" effect="plain">{{ $t('ind.unverified') }}</el-tag></template>
        </el-table-column>
        <el-table-column :label="$t('ind.synonyms')" min-width="240"><template #default="{ row }"><el-tag v-for="s in (row.synonyms || []).slice(0, 4)" :key="s" size="small" type="info" class="chip">{{ s }}</el-tag><span class="muted small" v-if="(row.synonyms || []).length > 4">+{{ row.synonyms.length - 4 }}</span></template></el-table-column>
        <el-table-column :label="$t('ind.unit')" width="100" prop="unit"></el-table-column>
        <el-table-column :label="$t('ind.direction')" width="90"><template #default="{ row }">{{ IC.codeLabel('directions', row.direction) }}</template></el-table-column>
        <el-table-column :label="$t('ind.aggregation')" width="130"><template #default="{ row }">{{ IC.codeLabel('aggregations', row.aggregation) }}</template></el-table-column>
        <el-table-column :label="$t('ind.source_dept')" width="140" prop="source_dept" show-overflow-tooltip></el-table-column>
      </el-table>
      <pager :list="list"></pager>
      <indicator-form v-model="formOpen" @saved="onSaved"></indicator-form>
    </page-card>`,
  };

  area.routes.push(
    { path: '/indicators', name: 'indicators', component: IndicatorsPage, meta: { nav: '/indicators', crumb: [{ key: 'nav.indicators' }] } },
  );
});
