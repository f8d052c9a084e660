/* innocity web UI — library: one indicator (指标详情). */
'use strict';
IC.module('library', ({ t, api, crumbs, store, area }) => {
  const { ref, computed, watch, onMounted } = Vue;
  const IndicatorForm = area.IndicatorForm;

  const IndicatorPage = {
    components: { IndicatorForm },
    setup() {
      const route = VueRouter.useRoute();
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      const formOpen = ref(false);
      const isAdmin = computed(() => store.hasAccess('admin'));
      const name = computed(() => (data.value ? (store.lang === 'en' ? (data.value.name_en || data.value.name_zh) : data.value.name_zh) : ''));
      const setCrumbs = () => crumbs(name.value ? { label: name.value } : { key: 'crumb.indicator' });
      async function load() {
        try { const r = await api.get('/indicators/' + encodeURIComponent(route.params.id)); data.value = r.indicator || r; setCrumbs(); } catch (e) { error.value = e.message; } finally { loading.value = false; }
      }
      onMounted(load);
      watch(() => store.lang, setCrumbs);
      return { data, error, loading, formOpen, isAdmin, name, load, t, IC };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <page-card v-if="data" :title="name">
        <template #title-extra><el-tag v-if="data.unverified" type="warning" effect="plain" class="ml">{{ $t('ind.unverified') }}</el-tag></template>
        <template #extra><el-button v-if="isAdmin" @click="formOpen = true" data-test="ind-edit"><el-icon><icon-edit></icon-edit></el-icon><span>{{ $t('common.edit') }}</span></el-button></template>
        <el-alert v-if="data.unverified" :title="$t('ind.unverified_hint')" type="warning" :closable="false" class="mb"></el-alert>
        <el-descriptions :column="2" border>
          <el-descriptions-item :label="$t('ind.code')"><span class="mono">{{ data.code }}</span></el-descriptions-item>
          <el-descriptions-item :label="$t('ind.unit')">{{ data.unit || '—' }}</el-descriptions-item>
          <el-descriptions-item :label="$t('ind.name_zh')">{{ data.name_zh }}</el-descriptions-item>
          <el-descriptions-item :label="$t('ind.name_en')">{{ data.name_en || '—' }}</el-descriptions-item>
          <el-descriptions-item :label="$t('ind.direction')">{{ IC.codeLabel('directions', data.direction) }}</el-descriptions-item>
          <el-descriptions-item :label="$t('ind.aggregation')">{{ IC.codeLabel('aggregations', data.aggregation) }}</el-descriptions-item>
          <el-descriptions-item :label="$t('ind.synonyms')" :span="2"><el-tag v-for="s in data.synonyms" :key="s" type="info" class="chip">{{ s }}</el-tag><span v-if="!data.synonyms || !data.synonyms.length" class="muted">{{ $t('common.none') }}</span></el-descriptions-item>
          <el-descriptions-item :label="$t('ind.formula')" :span="2"><code class="formula">{{ data.formula || '—' }}</code></el-descriptions-item>
          <el-descriptions-item :label="$t('ind.source_dept')" :span="2">{{ data.source_dept || '—' }}</el-descriptions-item>
          <el-descriptions-item :label="$t('ind.definition')" :span="2"><div class="prewrap">{{ data.definition || '—' }}</div></el-descriptions-item>
        </el-descriptions>
        <indicator-form v-model="formOpen" :indicator="data" @saved="load"></indicator-form>
      </page-card>
    </div>`,
  };

  area.routes.push(
    { path: '/indicators/:id', name: 'indicator', component: IndicatorPage, meta: { nav: '/indicators', crumb: [{ key: 'nav.indicators', to: '/indicators' }] } },
  );
});
