/* innocity web UI — registry: home page (programmes, status charts, recent changes). */
'use strict';
IC.module('registry', ({ t, api, push, store, area }) => {
  const { ref, computed, onMounted } = Vue;

  // ------------------------------------------------------------------ home
  const HomePage = {
    setup() {
      const data = ref(null);
      const loading = ref(true);
      const error = ref('');
      onMounted(async () => {
        try { data.value = await api.get('/dashboard'); } catch (e) { error.value = e.message; } finally { loading.value = false; }
      });
      const statuses = IC.statusOrder;
      const barOption = computed(() => {
        if (!data.value) return null;
        const progs = data.value.programmes || [];
        return {
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { top: 0 },
          grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', data: progs.map((p) => IC.progName(p)), axisLabel: { width: 160, overflow: 'truncate' } },
          series: statuses.map((s) => ({
            name: IC.codeLabel('statuses', s),
            type: 'bar',
            stack: 'total',
            barMaxWidth: 28,
            itemStyle: { color: IC.statusColor[s] },
            label: { show: true, formatter: (p) => (p.value ? p.value : '') },
            data: progs.map((p) => (p.status_counts && p.status_counts[s]) || 0),
          })),
        };
      });
      const pieOption = computed(() => {
        if (!data.value) return null;
        const c = data.value.status_counts || {};
        return {
          tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
          legend: { bottom: 0 },
          series: [{
            type: 'pie',
            radius: ['40%', '68%'],
            center: ['50%', '45%'],
            label: { formatter: '{b}\n{c}' },
            data: statuses.filter((s) => c[s]).map((s) => ({ name: IC.codeLabel('statuses', s), value: c[s], itemStyle: { color: IC.statusColor[s] }, code: s })),
          }],
        };
      });
      const total = computed(() => {
        const c = (data.value && data.value.status_counts) || {};
        return Object.keys(c).reduce((a, k) => a + (c[k] || 0), 0);
      });
      function goStatus(pid, status) { push(IC.withQuery('/participants', { programme_id: pid, status })); }
      function onPie(p) { if (p && p.data && p.data.code) push(IC.withQuery('/participants', { status: p.data.code })); }
      return { data, loading, error, barOption, pieOption, total, statuses, goStatus, onPie, t, IC, store };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <div class="welcome">{{ $t('home.welcome', { name: store.user && store.user.display_name }) }}</div>
        <el-row :gutter="16">
          <el-col :xs="24" :md="12" :lg="8" v-for="p in data.programmes" :key="p.id">
            <el-card class="prog-card" shadow="hover" :data-test="'programme-card-' + p.code">
              <div class="prog-name"><a class="link" :href="'#/programmes/' + p.id" :data-test="'programme-link-' + p.code">{{ IC.progName(p) }}</a></div>
              <div class="prog-count"><span class="num">{{ p.participant_count }}</span> {{ $t('home.participants') }}</div>
              <div class="prog-status">
                <span v-for="s in statuses" :key="s" class="status-chip" @click="goStatus(p.id, s)" v-show="p.status_counts && p.status_counts[s]">
                  <status-tag :status="s" size="small"></status-tag><b>{{ p.status_counts[s] }}</b>
                </span>
              </div>
            </el-card>
          </el-col>
        </el-row>
        <page-card v-if="total === 0"><el-empty :description="$t('home.no_participants')"></el-empty></page-card>
        <el-row :gutter="16" v-else>
          <el-col :xs="24" :lg="14">
            <page-card :title="$t('home.status_chart')"><e-chart :option="barOption" height="320px"></e-chart></page-card>
          </el-col>
          <el-col :xs="24" :lg="10">
            <page-card :title="$t('home.status_pie') + ' (' + total + ')'"><e-chart :option="pieOption" height="320px" @chart-click="onPie"></e-chart></page-card>
          </el-col>
        </el-row>
        <page-card :title="$t('home.recent')">
          <el-table :data="data.recent_transitions || []" stripe :empty-text="$t('home.no_recent')" data-test="recent-transitions">
            <el-table-column :label="$t('audit.at')" width="170"><template #default="{ row }">{{ IC.fmtTime(row.changed_at) }}</template></el-table-column>
            <el-table-column :label="$t('participant.region')" min-width="140"><template #default="{ row }"><a class="link" :href="'#/participants/' + row.participant_id">{{ row.region_name }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
            <el-table-column :label="$t('participant.status')" min-width="220">
              <template #default="{ row }">
                <status-tag v-if="row.from_status" :status="row.from_status" size="small"></status-tag><span v-else class="muted">{{ $t('history.initial') }}</span>
                <span class="arrow">→</span><status-tag :status="row.to_status" size="small"></status-tag>
              </template>
            </el-table-column>
            <el-table-column :label="$t('history.by')" min-width="120"><template #default="{ row }">{{ row.changed_by ? (typeof row.changed_by === 'object' ? row.changed_by.display_name : row.changed_by) : $t('audit.system') }}</template></el-table-column>
          </el-table>
        </page-card>
      </template>
    </div>`,
  };

  area.routes.push(
    { path: '/', name: 'home', component: HomePage, meta: { nav: '/' } },
  );
});
