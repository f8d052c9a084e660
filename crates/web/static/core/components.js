/* innocity web UI — shared components (registered globally by app.js) and `IC.useList()`. */
(function () {
  'use strict';
  const { reactive, ref, computed, watch, onMounted, onBeforeUnmount, markRaw } = Vue;
  const IC = window.IC;
  const { t, api } = IC;
  const store = IC.useStore();

  /** A paginated list bound to an API path and a reactive filter object. */
  function useList(path, filters, opts) {
    opts = opts || {};
    const state = reactive({ items: [], total: 0, page: 1, perPage: opts.perPage || 20, loading: false, error: '' });
    let seq = 0;
    async function load() {
      const my = ++seq;
      state.loading = true;
      state.error = '';
      try {
        const p = Object.assign({}, typeof filters === 'function' ? filters() : filters, { page: state.page, per_page: state.perPage });
        const r = await api.get(typeof path === 'function' ? path() : path, p);
        if (my !== seq) return;
        state.items = r.items || [];
        state.total = r.total !== undefined ? r.total : state.items.length;
      } catch (e) {
        if (my !== seq) return;
        state.items = [];
        state.total = 0;
        state.error = e.message;
      } finally {
        if (my === seq) state.loading = false;
      }
    }
    function search() { state.page = 1; load(); }
    function onPage(p) { state.page = p; load(); }
    function onSize(s) { state.perPage = s; state.page = 1; load(); }
    return { state, load, search, onPage, onSize };
  }

  const components = {};

  components.StatusTag = {
    props: { status: String, size: { type: String, default: 'default' } },
    setup(props) {
      return { IC, label: computed(() => IC.codeLabel('statuses', props.status)) };
    },
    template: `<el-tag :type="IC.statusTagType[status] || 'info'" :size="size" effect="light" disable-transitions class="status-tag" :data-status="status">{{ label }}</el-tag>`,
  };

  components.DemoTag = {
    props: { show: { type: Boolean, default: true } },
    setup() { return { t }; },
    template: `<el-tooltip v-if="show" :content="$t('common.demo_hint')" placement="top"><el-tag type="warning" size="small" effect="plain" class="demo-tag" data-test="demo-tag">{{ $t('common.demo') }}</el-tag></el-tooltip>`,
  };

  components.Pager = {
    props: { list: Object },
    template: `<div class="pager" v-if="list.state.total > 0">
      <el-pagination background layout="total, sizes, prev, pager, next, jumper"
        :total="list.state.total" :current-page="list.state.page" :page-size="list.state.perPage"
        :page-sizes="[10, 20, 50, 100, 200]"
        @current-change="list.onPage" @size-change="list.onSize"></el-pagination>
    </div>`,
  };

  components.PageCard = {
    props: { title: String },
    template: `<el-card class="page-card" shadow="never">
      <template #header v-if="title || $slots.extra"><div class="card-head"><span class="card-title">{{ title }}<slot name="title-extra"></slot></span><span class="card-extra"><slot name="extra"></slot></span></div></template>
      <slot></slot>
    </el-card>`,
  };

  /** A dialog's footer: cancel, and the primary button (保存 with `save`, else 确定) that shows
   *  `busy` and carries `data-test` = `test`. */
  components.DialogFooter = {
    props: { busy: Boolean, test: String, okId: String, save: Boolean },
    emits: ['cancel', 'confirm'],
    template: `<span><el-button @click="$emit('cancel')">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="busy" @click="$emit('confirm')" :data-test="test" :id="okId">{{ $t(save ? 'common.save' : 'common.confirm') }}</el-button></span>`,
  };

  /** ECharts wrapper: re-renders when `option` changes, resizes with the window. */
  components.EChart = {
    props: { option: Object, height: { type: String, default: '300px' } },
    emits: ['chart-click'],
    setup(props, { emit }) {
      const el = ref(null);
      let chart = null;
      const resize = () => chart && chart.resize();
      onMounted(() => {
        chart = markRaw(echarts.init(el.value));
        chart.on('click', (p) => emit('chart-click', p));
        if (props.option) chart.setOption(props.option, true);
        window.addEventListener('resize', resize);
      });
      watch(() => props.option, (o) => { if (chart && o) chart.setOption(o, true); }, { deep: true });
      onBeforeUnmount(() => {
        window.removeEventListener('resize', resize);
        if (chart) chart.dispose();
        chart = null;
      });
      return { el };
    },
    template: `<div ref="el" class="echart" :style="{ height: height, width: '100%' }"></div>`,
  };

  /** Pretty JSON block (audit before/after). */
  components.JsonView = {
    props: { value: null },
    setup(props) {
      return {
        text: computed(() => (props.value === null || props.value === undefined ? '—' : JSON.stringify(props.value, null, 2))),
      };
    },
    template: `<pre class="json-view">{{ text }}</pre>`,
  };

  /** Region picker: a tree select over the flat /regions list. */
  components.RegionSelect = {
    props: { modelValue: String, placeholder: String, clearable: { type: Boolean, default: true } },
    emits: ['update:modelValue', 'change'],
    setup(props, { emit }) {
      const tree = ref([]);
      const loading = ref(false);
      onMounted(async () => {
        loading.value = true;
        try {
          const r = await api.get('/regions', null, { quiet: true });
          tree.value = buildRegionTree(r.items || []);
        } catch (e) { tree.value = []; } finally { loading.value = false; }
      });
      const value = computed({
        get: () => props.modelValue || '',
        set: (v) => { emit('update:modelValue', v || ''); emit('change', v || ''); },
      });
      return { tree, value, loading, t };
    },
    template: `<el-tree-select v-model="value" :data="tree" node-key="code" :props="{ label: 'label', children: 'children' }"
      check-strictly filterable :clearable="clearable" :loading="loading" :placeholder="placeholder" :render-after-expand="false" style="width: 100%"></el-tree-select>`,
  };

  /** Builds el-tree data from the flat region list (roots are regions whose parent is absent). */
  function buildRegionTree(items) {
    const by = {};
    items.forEach((r) => { by[r.code] = Object.assign({}, r, { label: r.name + ' (' + r.code + ')', value: r.code, children: [] }); });
    const roots = [];
    items.forEach((r) => {
      const n = by[r.code];
      if (r.parent_code && by[r.parent_code] && r.parent_code !== r.code) by[r.parent_code].children.push(n);
      else roots.push(n);
    });
    const sort = (arr) => { arr.sort((a, b) => a.code.localeCompare(b.code)); arr.forEach((n) => sort(n.children)); };
    sort(roots);
    return roots;
  }

  /** Organisation picker with remote search on /orgs?q=. */
  components.OrgSelect = {
    props: { modelValue: [Number, String], initialLabel: String, placeholder: String },
    emits: ['update:modelValue'],
    setup(props, { emit }) {
      const options = ref([]);
      const loading = ref(false);
      // the current organisation must be among the options, or the select shows a bare id
      const ensureCurrent = () => {
        if (props.modelValue && props.initialLabel && !options.value.some((o) => o.id === props.modelValue)) {
          options.value = [{ id: props.modelValue, name: props.initialLabel }].concat(options.value);
        }
      };
      ensureCurrent();
      watch(() => [props.modelValue, props.initialLabel], ensureCurrent);
      async function search(q) {
        loading.value = true;
        try {
          const r = await api.get('/orgs', { q, per_page: 30 }, { quiet: true });
          options.value = r.items || [];
          ensureCurrent();
        } catch (e) { options.value = []; } finally { loading.value = false; }
      }
      onMounted(() => { if (!options.value.length) search(''); });
      const value = computed({ get: () => props.modelValue, set: (v) => emit('update:modelValue', v) });
      return { options, loading, search, value };
    },
    template: `<el-select v-model="value" filterable remote clearable :remote-method="search" :loading="loading" :placeholder="placeholder" style="width: 100%">
      <el-option v-for="o in options" :key="o.id" :label="o.name" :value="o.id">
        <span>{{ o.name }}</span><span class="option-sub" v-if="o.region">{{ o.region.name }}</span>
      </el-option>
    </el-select>`,
  };

  /** Participants table with filters (programme, batch, status, keyword), paginated. */
  components.ParticipantTable = {
    props: {
      programmeId: { type: [Number, String], default: null }, // fixed programme (programme detail page)
      batches: { type: Array, default: null },
      initial: { type: Object, default: () => ({}) },
    },
    setup(props) {
      const f = reactive({
        programme_id: props.programmeId || props.initial.programme_id || '',
        batch_id: props.initial.batch_id || '',
        status: props.initial.status || '',
        q: props.initial.q || '',
      });
      const programmes = ref([]);
      const batchOpts = ref(props.batches || []);
      const list = useList('/participants', () => Object.assign({}, f));
      async function loadBatches() {
        if (props.batches) return;
        if (!f.programme_id) { batchOpts.value = []; return; }
        try {
          const r = await api.get('/batches', { programme_id: f.programme_id }, { quiet: true });
          batchOpts.value = r.items || r || [];
        } catch (e) { batchOpts.value = []; }
      }
      watch(() => props.batches, (b) => { if (b) batchOpts.value = b; });
      onMounted(async () => {
        list.load();
        if (!props.programmeId) {
          try {
            const r = await api.get('/programmes', { per_page: 200 }, { quiet: true });
            programmes.value = r.items || r || [];
          } catch (e) { programmes.value = []; }
        }
        loadBatches();
      });
      function onProgramme() { f.batch_id = ''; loadBatches(); list.search(); }
      function reset() {
        if (!props.programmeId) { f.programme_id = ''; batchOpts.value = []; }
        f.batch_id = ''; f.status = ''; f.q = '';
        list.search();
      }
      function exportCsv() {
        IC.exportCsv('/participants', Object.assign({}, f), [
          { label: t('participant.region'), value: (p) => p.region && p.region.name },
          { label: t('region.code'), value: (p) => p.region && p.region.code },
          { label: t('participant.programme'), value: (p) => p.programme && IC.progName(p.programme) },
          { label: t('participant.batch'), value: (p) => p.batch && p.batch.name },
          { label: t('participant.theme'), value: (p) => p.theme },
          { label: t('participant.period'), value: (p) => period(p) },
          { label: t('participant.acceptance_year'), value: (p) => p.acceptance_year },
          { label: t('participant.status'), value: (p) => IC.codeLabel('statuses', p.status) },
          { label: t('common.demo'), value: (p) => (p.demo ? t('common.yes') : t('common.no')) },
        ], 'participants.csv');
      }
      const period = IC.period;
      return { f, list, programmes, batchOpts, onProgramme, reset, exportCsv, period, IC, t, store };
    },
    template: `<div>
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="$t('participant.programme')" v-if="!programmeId">
          <el-select v-model="f.programme_id" clearable :placeholder="$t('common.all')" style="width: 220px" @change="onProgramme" data-test="filter-programme">
            <el-option v-for="p in programmes" :key="p.id" :label="IC.progName(p)" :value="p.id"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="$t('participant.batch')">
          <el-select v-model="f.batch_id" clearable :placeholder="$t('common.all')" style="width: 200px" @change="list.search()">
            <el-option v-for="b in batchOpts" :key="b.id" :label="b.name" :value="b.id"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="$t('participant.status')">
          <el-select v-model="f.status" clearable :placeholder="$t('common.all')" style="width: 150px" @change="list.search()" data-test="filter-status">
            <el-option v-for="o in IC.codeOptions('statuses')" :key="o.value" :label="o.label" :value="o.value"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="$t('common.keyword')">
          <el-input v-model="f.q" clearable :placeholder="$t('participant.search_ph')" style="width: 200px" @keyup.enter="list.search()" @clear="list.search()" data-test="filter-q"></el-input>
        </el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()" data-test="filter-search"><el-icon><icon-search></icon-search></el-icon><span>{{ $t('common.search') }}</span></el-button>
          <el-button @click="reset">{{ $t('common.reset') }}</el-button>
          <el-button @click="exportCsv"><el-icon><icon-download></icon-download></el-icon><span>{{ $t('common.export') }}</span></el-button>
        </el-form-item>
      </el-form>
      <el-alert v-if="list.state.error" :title="list.state.error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="$t('common.empty')" data-test="participants-table">
        <el-table-column :label="$t('participant.region')" min-width="170">
          <template #default="{ row }">
            <a class="link" :href="'#/participants/' + row.id" :data-test="'participant-link-' + (row.region && row.region.code)">{{ row.region && row.region.name }}</a>
            <demo-tag v-if="row.demo" class="ml"></demo-tag>
          </template>
        </el-table-column>
        <el-table-column :label="$t('region.code')" width="100"><template #default="{ row }">{{ row.region && row.region.code }}</template></el-table-column>
        <el-table-column :label="$t('participant.programme')" min-width="170" v-if="!programmeId"><template #default="{ row }">{{ IC.progName(row.programme) }}</template></el-table-column>
        <el-table-column :label="$t('participant.batch')" min-width="150"><template #default="{ row }">{{ row.batch && row.batch.name }}</template></el-table-column>
        <el-table-column :label="$t('participant.theme')" min-width="140"><template #default="{ row }">{{ row.theme || '—' }}</template></el-table-column>
        <el-table-column :label="$t('participant.period')" width="110"><template #default="{ row }">{{ period(row) }}</template></el-table-column>
        <el-table-column :label="$t('participant.acceptance_year')" width="100" prop="acceptance_year"></el-table-column>
        <el-table-column :label="$t('participant.status')" width="130"><template #default="{ row }"><status-tag :status="row.status" size="small"></status-tag></template></el-table-column>
        <el-table-column :label="$t('common.actions')" width="80" fixed="right">
          <template #default="{ row }"><el-button link type="primary" @click="IC.push('/participants/' + row.id)">{{ $t('common.view') }}</el-button></template>
        </el-table-column>
      </el-table>
      <pager :list="list"></pager>
    </div>`,
  };

  IC.useList = useList;
  IC.buildRegionTree = buildRegionTree;
  IC.components = components;
})();
