/* innocity web UI — system: about page (version, components, licences) and the not-found page. */
'use strict';
IC.module('system', ({ t, store, area }) => {

  // ------------------------------------------------------------------ about
  const AboutPage = {
    setup() {
      const libs = [
        { name: 'Vue', version: Vue.version, licence: 'MIT' },
        { name: 'Element Plus', version: ElementPlus.version, licence: 'MIT' },
        { name: '@element-plus/icons-vue', version: '2.3.2', licence: 'MIT' },
        { name: 'Apache ECharts', version: echarts.version, licence: 'Apache-2.0' },
      ];
      return { libs, t, store, IC };
    },
    template: `<page-card :title="$t('about.title')">
      <el-descriptions :column="1" border>
        <el-descriptions-item :label="$t('app.title')"><span class="muted" v-if="store.lang === 'en'">创新型城市建设监测评价平台 · </span>innocity</el-descriptions-item>
        <el-descriptions-item :label="$t('about.version')"><span data-test="about-version">{{ store.meta ? store.meta.version : '—' }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('about.user')" v-if="store.user">{{ store.user.display_name }} ({{ store.user.username }}) · {{ IC.codeLabel('roles', store.user.role) }} · {{ store.user.org && store.user.org.name }}</el-descriptions-item>
        <el-descriptions-item :label="$t('about.api')"><a class="link" href="/api/v1/openapi.json" target="_blank">/api/v1/openapi.json</a></el-descriptions-item>
      </el-descriptions>
      <p class="about-text">{{ $t('about.desc') }}</p>
      <p class="about-text muted">{{ $t('about.offline') }}</p>
      <h4>{{ $t('about.components') }}</h4>
      <el-table :data="libs" border size="small" style="max-width: 560px">
        <el-table-column prop="name" label="" min-width="200"></el-table-column>
        <el-table-column prop="version" :label="$t('about.version')" width="110"></el-table-column>
        <el-table-column prop="licence" :label="$t('about.licence')" width="120"></el-table-column>
      </el-table>
    </page-card>`,
  };

  const NotFoundPage = {
    setup() { return { IC }; },
    template: `<page-card><el-result icon="warning" :title="$t('notfound.title')"><template #extra><el-button type="primary" @click="IC.push('/')">{{ $t('notfound.back') }}</el-button></template></el-result></page-card>`,
  };

  area.routes.push(
    { path: '/about', name: 'about', component: AboutPage, meta: { nav: '/about', crumb: [{ key: 'nav.about' }] } },
    { path: '/:pathMatch(.*)*', name: 'notfound', component: NotFoundPage, meta: { crumb: [{ key: 'notfound.title' }] } },
  );
});
