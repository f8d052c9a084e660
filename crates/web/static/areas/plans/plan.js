/* innocity web UI — plans: one plan — targets, tasks, phases, responsibility matrix, original text. */
'use strict';
IC.module('plans', ({ t, api, crumbs, store, area }) => {
  const { ref, computed, watch, onMounted, nextTick } = Vue;
  const { cmpLabel, targetValue, warningText, warningType, ROLE_TAG, roleLabel, HL_LABEL, segmentText, loadIndicators } = area.util;

  // ------------------------------------------------------------------ plan page
  const PlanPage = {
    setup() {
      const route = VueRouter.useRoute();
      const id = route.params.id;
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      const tab = ref(route.query.tab || 'targets');
      const matrix = ref(null);
      const matrixLoading = ref(false);
      const text = ref(null);
      const textSpans = ref([]); // highlights from the server: { kind, key, start, end } in characters
      const textLoading = ref(false);
      const textPane = ref(null);
      const activeHl = ref('');
      const orgFilter = ref('');
      const filtered = ref(null); // PlanDetail with ?org_id=
      const filterLoading = ref(false);
      const indicators = ref([]);
      const setCrumbs = () => {
        const p = data.value && data.value.plan;
        crumbs({ label: p ? p.title : '…' });
      };
      setCrumbs();
      watch(() => store.lang, setCrumbs);

      async function loadMatrix() {
        if (matrix.value || matrixLoading.value) return;
        matrixLoading.value = true;
        try { matrix.value = await api.get('/plans/' + encodeURIComponent(id) + '/matrix'); } catch (e) { matrix.value = { orgs: [], rows: [], error: e.message }; } finally { matrixLoading.value = false; }
      }
      let textRequest = null;
      function loadText() {
        if (!textRequest) {
          textRequest = (async () => {
            textLoading.value = true;
            try {
              const r = await api.get('/plans/' + encodeURIComponent(id) + '/text');
              textSpans.value = r.spans || [];
              text.value = r.text || '';
            } catch (e) { text.value = ''; } finally { textLoading.value = false; }
          })();
        }
        return textRequest;
      }
      const textSegs = computed(() => segmentText(Array.from(text.value || ''), textSpans.value));
      const hlOf = (key) => textSegs.value.alias[key] || key;
      const spanKeys = computed(() => new Set(textSpans.value.map((s) => s.key)));
      /** A row of the targets, tasks or phases tab: show its place in the original text. */
      async function showInText(key) {
        if (!key) return;
        await loadText();
        if (!spanKeys.value.has(key)) { ElementPlus.ElMessage.info(t('plan.not_in_text')); return; }
        tab.value = 'text';
        activeHl.value = key;
        nextTick(() => {
          const pane = textPane.value;
          const m = pane && pane.querySelector('[data-hl="' + hlOf(key) + '"]');
          if (m) m.scrollIntoView({ block: 'center', behavior: 'smooth' });
        });
      }
      /** A highlight was clicked: back to its row (a unit's row is its task's). */
      function onTextMark(seg) {
        activeHl.value = seg.key;
        const m = /^(target|task|phase)-(\d+)/.exec(seg.key);
        if (!m) return;
        tab.value = m[1] === 'target' ? 'targets' : (m[1] === 'task' ? 'tasks' : 'phases');
        if (m[1] === 'task' && !shownTasks.value.some((tk) => String(tk.id) === m[2])) setFilter('');
        nextTick(() => {
          const row = document.querySelector('.hl-row-' + m[1] + '-' + m[2]);
          if (row) row.scrollIntoView({ block: 'center', behavior: 'smooth' });
        });
      }
      const textMarkClass = (seg) => ['hl', 'hl-' + seg.kind, activeHl.value && hlOf(activeHl.value) === seg.key ? 'hl-active' : ''];
      const textMarkTitle = (seg) => t(HL_LABEL[seg.kind] || 'plan.text');
      const hlRowClass = (kind, extra) => ({ row }) => [extra ? extra(row) : '', 'hl-row-' + kind + '-' + row.id, activeHl.value === kind + '-' + row.id ? 'imp-row-active' : '', spanKeys.value.has(kind + '-' + row.id) ? 'has-hl' : ''].join(' ');
      async function applyFilter() {
        if (!orgFilter.value) { filtered.value = null; return; }
        filterLoading.value = true;
        try { filtered.value = await api.get('/plans/' + encodeURIComponent(id), { org_id: orgFilter.value }); } catch (e) { filtered.value = null; } finally { filterLoading.value = false; }
      }
      watch(tab, (v) => { if (v === 'matrix') loadMatrix(); if (v === 'text') loadText(); });
      onMounted(async () => {
        try {
          data.value = await api.get('/plans/' + encodeURIComponent(id));
          setCrumbs();
          // the department filter lists the plan's organisations (from the matrix);
          // it starts on the user's own organisation when that has tasks here
          await loadMatrix();
          const mine = store.user && store.user.org && store.user.org.id;
          if (mine && data.value.tasks.some((tk) => tk.units.some((u) => u.org_id === mine))) {
            orgFilter.value = mine;
            await applyFilter();
          }
          if (tab.value === 'text') loadText();
        } catch (e) { error.value = e.message; } finally { loading.value = false; }
        loadIndicators().then((l) => { indicators.value = l; });
      });

      const plan = computed(() => data.value && data.value.plan);
      const shownTasks = computed(() => (filtered.value ? filtered.value.tasks : (data.value ? data.value.tasks : [])));
      const unitsOf = (tk, role) => tk.units.filter((u) => u.role === role);
      const filterOrgs = computed(() => (matrix.value ? matrix.value.orgs : []));
      const mineId = computed(() => store.user && store.user.org && store.user.org.id);
      const mineHasTasks = computed(() => !!(mineId.value && data.value && data.value.tasks.some((tk) => tk.units.some((u) => u.org_id === mineId.value))));
      function setFilter(v) { orgFilter.value = v || ''; applyFilter(); }
      const indicatorName = (code) => {
        const i = indicators.value.find((x) => x.code === code);
        if (!i) return code;
        return store.lang === 'en' && i.name_en ? i.name_en : i.name_zh;
      };
      const exportUrl = computed(() => '/api/v1/plans/' + encodeURIComponent(id) + '/export.xlsx');
      const phaseYears = (p) => (p.start_year || '') + (p.start_year || p.end_year ? '–' : '') + (p.end_year || '');
      // the revision chain, oldest first, with this plan in it
      const revisions = computed(() => {
        if (!data.value) return [];
        const list = (data.value.revisions || []).slice();
        if (!list.some((r) => r.id === data.value.plan.id)) list.push(data.value.plan);
        return list.sort((a, b) => a.revision - b.revision);
      });
      const cell = (row, org) => row.cells[String(org.id)] || row.cells[org.id] || '';
      return {
        id, data, plan, error, loading, tab, matrix, matrixLoading, text, textLoading, orgFilter, textSegs, textPane, showInText, onTextMark, textMarkClass, textMarkTitle, hlRowClass, HL_LABEL, filtered, filterLoading,
        shownTasks, revisions, unitsOf, filterOrgs, mineId, mineHasTasks, setFilter, indicatorName, exportUrl, phaseYears, cell,
        cmpLabel, targetValue, warningText, warningType, roleLabel, ROLE_TAG, IC, t, store,
      };
    },
    template: `<div v-loading="loading" class="plan-page">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <page-card>
          <div class="detail-head">
            <h2 data-test="plan-title">{{ plan.title }}</h2>
            <el-tag :type="plan.status === 'current' ? 'success' : 'info'" data-test="plan-status">{{ $t('plan.status.' + plan.status) }}</el-tag>
            <demo-tag v-if="plan.demo"></demo-tag>
            <span class="head-actions">
              <el-button tag="a" :href="exportUrl" download data-test="plan-export"><el-icon><icon-download></icon-download></el-icon><span>{{ $t('plan.export') }}</span></el-button>
            </span>
          </div>
          <el-descriptions :column="3" border class="mt" data-test="plan-facts">
            <el-descriptions-item :label="$t('participant.region')"><a class="link" :href="'#/participants/' + plan.participant_id">{{ plan.region_name }}</a></el-descriptions-item>
            <el-descriptions-item :label="$t('plan.issuer')">{{ plan.issuer || '—' }}</el-descriptions-item>
            <el-descriptions-item :label="$t('plan.doc_number')">{{ plan.doc_number || '—' }}</el-descriptions-item>
            <el-descriptions-item :label="$t('plan.doc_date')">{{ plan.doc_date || '—' }}</el-descriptions-item>
            <el-descriptions-item :label="$t('plan.revision')"><span data-test="plan-revision">{{ $t('plan.revision_n', { n: plan.revision }) }}</span></el-descriptions-item>
            <el-descriptions-item :label="$t('plan.created_at')">{{ IC.fmtTime(plan.created_at) }}</el-descriptions-item>
            <el-descriptions-item :label="$t('plan.counts')"><span data-test="plan-counts">{{ $t('plan.counts_text', { targets: plan.target_count, tasks: plan.task_count }) }}</span></el-descriptions-item>
            <el-descriptions-item :label="$t('plan.revisions')" :span="2">
              <span class="revisions" data-test="plan-revisions">
                <template v-for="(r, i) in revisions" :key="r.id">
                  <span v-if="i" class="arrow">→</span>
                  <a v-if="r.id !== plan.id" class="link" :href="'#/plans/' + r.id">{{ $t('plan.revision_n', { n: r.revision }) }}</a>
                  <strong v-else>{{ $t('plan.revision_n', { n: r.revision }) }}</strong>
                  <span class="muted small ml">{{ IC.fmtTime(r.created_at) }}</span>
                  <el-tag v-if="r.status === 'superseded'" size="small" type="info" class="ml">{{ $t('plan.superseded') }}</el-tag>
                </template>
              </span>
            </el-descriptions-item>
          </el-descriptions>
          <div v-if="data.warnings && data.warnings.length" class="mt" data-test="plan-warnings">
            <el-tag v-for="(w, i) in data.warnings" :key="i" :type="warningType(w)" class="chip">{{ warningText(w) }}</el-tag>
          </div>
        </page-card>

        <page-card>
          <el-tabs v-model="tab" data-test="plan-tabs">
            <el-tab-pane :label="$t('plan.targets') + ' (' + data.targets.length + ')'" name="targets">
              <el-table :data="data.targets" border stripe :empty-text="$t('common.empty')" data-test="plan-targets" :row-class-name="hlRowClass('target')" @row-click="(row) => showInText('target-' + row.id)">
                <el-table-column prop="seq" label="#" width="50"></el-table-column>
                <el-table-column :label="$t('plan.indicator_text')" min-width="200" prop="indicator_text"></el-table-column>
                <el-table-column :label="$t('plan.indicator')" min-width="160">
                  <template #default="{ row }"><span v-if="row.indicator_code">{{ indicatorName(row.indicator_code) }} <span class="muted small">{{ row.indicator_code }}</span></span><span v-else class="muted">{{ $t('imp.unmapped') }}</span></template>
                </el-table-column>
                <el-table-column :label="$t('plan.comparator')" width="80" align="center"><template #default="{ row }"><span class="cmp">{{ cmpLabel(row.comparator) }}</span></template></el-table-column>
                <el-table-column :label="$t('plan.value')" width="110" align="right"><template #default="{ row }"><span :data-test="'plan-target-value-' + row.seq">{{ row.comparator === 'range' ? row.value + '–' + row.value_max : row.value }}</span></template></el-table-column>
                <el-table-column :label="$t('plan.unit')" width="90" prop="unit"></el-table-column>
                <el-table-column :label="$t('plan.year')" width="80" prop="year"></el-table-column>
                <el-table-column :label="$t('plan.kind')" width="90"><template #default="{ row }"><el-tag size="small" :type="row.delta ? 'warning' : 'info'" effect="plain">{{ row.delta ? $t('plan.delta') : $t('plan.level') }}</el-tag></template></el-table-column>
                <el-table-column :label="$t('plan.source_text')" min-width="200"><template #default="{ row }"><span class="muted">{{ row.source_text || '—' }}</span></template></el-table-column>
              </el-table>
            </el-tab-pane>

            <el-tab-pane :label="$t('plan.tasks') + ' (' + data.tasks.length + ')'" name="tasks">
              <div class="filter-bar dept-filter">
                <span class="muted">{{ $t('plan.dept_filter') }}</span>
                <el-select :model-value="orgFilter" @update:model-value="setFilter" filterable clearable :placeholder="$t('plan.all_depts')" style="width: 280px" data-test="dept-filter" id="dept-filter">
                  <el-option v-for="o in filterOrgs" :key="o.id" :label="o.name" :value="o.id" :data-test="'dept-option-' + o.id">
                    <span>{{ o.name }}</span><span class="option-sub">{{ $t('plan.org_counts', { lead: o.lead, coop: o.coop, joint: o.joint }) }}</span>
                  </el-option>
                </el-select>
                <el-button-group>
                  <el-button :type="!orgFilter ? 'primary' : ''" @click="setFilter('')" data-test="dept-filter-all">{{ $t('plan.all_depts') }}</el-button>
                  <el-button v-if="mineHasTasks" :type="orgFilter === mineId ? 'primary' : ''" @click="setFilter(mineId)" data-test="dept-filter-mine">{{ $t('plan.my_dept', { name: store.user.org.name }) }}</el-button>
                </el-button-group>
                <span class="muted" data-test="plan-task-count">{{ $t('plan.task_count', { n: shownTasks.length, total: data.tasks.length }) }}</span>
              </div>
              <el-table :data="shownTasks" border stripe v-loading="filterLoading" :empty-text="$t('common.empty')" data-test="plan-tasks" :row-class-name="hlRowClass('task', (row) => 'task-row task-row-' + row.number)" @row-click="(row) => showInText('task-' + row.id)">
                <el-table-column :label="$t('plan.number')" width="64" prop="number"></el-table-column>
                <el-table-column :label="$t('plan.task_title')" min-width="240">
                  <template #default="{ row }">
                    <div :data-test="'task-title-' + row.number">{{ row.title }}</div>
                    <div class="muted small" v-if="row.group">{{ row.group }}</div>
                  </template>
                </el-table-column>
                <el-table-column :label="$t('plan.lead')" min-width="200">
                  <template #default="{ row }"><div :data-test="'task-lead-' + row.number"><el-tag v-for="u in unitsOf(row, 'lead')" :key="u.org_id" type="danger" effect="light" size="small" class="chip" :title="u.name !== u.org_name ? u.name : ''">{{ u.org_name }}</el-tag></div></template>
                </el-table-column>
                <el-table-column :label="$t('plan.cooperating')" min-width="200">
                  <template #default="{ row }"><div :data-test="'task-coop-' + row.number"><el-tag v-for="u in unitsOf(row, 'coop')" :key="u.org_id" type="primary" effect="light" size="small" class="chip">{{ u.org_name }}</el-tag></div></template>
                </el-table-column>
                <el-table-column :label="$t('plan.joint_units')" min-width="220">
                  <template #default="{ row }"><div :data-test="'task-joint-' + row.number"><el-tag v-for="u in unitsOf(row, 'joint')" :key="u.org_id" type="warning" effect="light" size="small" class="chip">{{ u.org_name }}</el-tag></div></template>
                </el-table-column>
                <el-table-column :label="$t('plan.deadline')" width="100"><template #default="{ row }">{{ row.deadline || '' }}</template></el-table-column>
              </el-table>
            </el-tab-pane>

            <el-tab-pane :label="$t('plan.matrix')" name="matrix">
              <div v-loading="matrixLoading">
                <div class="legend mb">
                  <span class="mx mx-lead">{{ roleLabel('lead') }}</span>
                  <span class="mx mx-coop">{{ roleLabel('coop') }}</span>
                  <span class="mx mx-joint">{{ roleLabel('joint') }}</span>
                  <span class="muted small">{{ $t('plan.matrix_hint') }}</span>
                </div>
                <div class="matrix-wrap" v-if="matrix && matrix.rows.length" data-test="plan-matrix">
                  <table class="matrix">
                    <thead>
                      <tr>
                        <th class="mx-num"><div class="mx-numbox">{{ $t('plan.number') }}</div></th>
                        <th class="mx-title">{{ $t('plan.task_title') }}</th>
                        <th v-for="o in matrix.orgs" :key="o.id" class="mx-org"><span class="vert" :title="o.name">{{ o.name }}</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr v-for="r in matrix.rows" :key="r.task_id" :data-test="'matrix-row-' + r.number">
                        <td class="mx-num"><div class="mx-numbox">{{ r.number }}</div></td>
                        <td class="mx-title" :title="r.title">{{ r.title }}</td>
                        <td v-for="o in matrix.orgs" :key="o.id" :class="cell(r, o) ? 'mx mx-' + cell(r, o) : ''" :data-test="'m-' + r.number + '-' + o.name" :title="o.name + (cell(r, o) ? ':' + roleLabel(cell(r, o)) : '')">{{ cell(r, o) ? roleLabel(cell(r, o)) : '' }}</td>
                      </tr>
                    </tbody>
                    <tfoot>
                      <tr v-for="role in ['lead', 'coop', 'joint']" :key="role">
                        <td colspan="2" class="mx-total-label">{{ $t('plan.total_role', { role: roleLabel(role) }) }}</td>
                        <td v-for="o in matrix.orgs" :key="o.id" class="mx-total" :data-test="'total-' + role + '-' + o.name">{{ o[role] || '' }}</td>
                      </tr>
                    </tfoot>
                  </table>
                </div>
                <el-empty v-else-if="matrix" :description="matrix.error || $t('common.empty')" :image-size="60"></el-empty>
              </div>
            </el-tab-pane>

            <el-tab-pane :label="$t('plan.phases') + ' (' + data.phases.length + ')'" name="phases">
              <el-table :data="data.phases" border stripe :empty-text="$t('common.empty')" data-test="plan-phases" :row-class-name="hlRowClass('phase')" @row-click="(row) => showInText('phase-' + row.id)">
                <el-table-column :label="$t('plan.phase_text')" min-width="220" prop="text"></el-table-column>
                <el-table-column :label="$t('plan.phase_kind')" width="140"><template #default="{ row }">{{ $t('plan.phase.' + row.kind) }}</template></el-table-column>
                <el-table-column :label="$t('plan.phase_years')" width="140"><template #default="{ row }">{{ phaseYears(row) }}</template></el-table-column>
              </el-table>
            </el-tab-pane>

            <el-tab-pane :label="$t('plan.text')" name="text">
              <div v-loading="textLoading">
                <div v-if="text" class="legend mb" data-test="plan-text-legend">
                  <span v-for="k in Object.keys(HL_LABEL)" :key="k" :class="'hl hl-' + k">{{ $t(HL_LABEL[k]) }}</span>
                  <span class="muted small">{{ $t('plan.text_hint') }}</span>
                </div>
                <pre v-if="text" class="plan-text" ref="textPane" data-test="plan-text"><template v-for="(s, i) in textSegs.segs" :key="i"><span v-if="s.key" :class="textMarkClass(s)" :data-hl="s.key" :title="textMarkTitle(s)" @click="onTextMark(s)">{{ s.text }}</span><template v-else>{{ s.text }}</template></template></pre>
                <el-empty v-else-if="text !== null" :description="$t('plan.no_text')" :image-size="60"></el-empty>
              </div>
            </el-tab-pane>
          </el-tabs>
        </page-card>
      </template>
    </div>`,
  };

  area.routes.push(
    { path: '/plans/:id', name: 'plan', component: PlanPage, meta: { nav: '/plans', crumb: [{ key: 'nav.plans', to: '/plans' }] } },
  );
});
