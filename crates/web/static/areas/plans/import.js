/* innocity web UI — plans: plan import (方案导入) — paste or upload, extract, review, save. */
'use strict';
IC.module('plans', ({ t, api, push, store, area }) => {
  const { reactive, ref, computed, watch, onMounted, nextTick } = Vue;
  const { COMPARATORS, cmpOption, warningText, warningType, toBase64, targetSpan, taskSpan, segmentText, loadIndicators, ParticipantSelect } = area.util;
  const listOf = IC.listOf;

  // ------------------------------------------------------------------ import
  /** Remote organisation search (/orgs?q=), first searching with a hint (the unit name). */
  const UnitOrgSelect = {
    props: { modelValue: [Number, String], hint: String, testId: String },
    emits: ['update:modelValue'],
    setup(props, { emit }) {
      const options = ref([]);
      const loading = ref(false);
      async function search(q) {
        loading.value = true;
        try {
          options.value = listOf(await api.get('/orgs', { q, per_page: 30 }, { quiet: true }));
        } catch (e) { options.value = []; } finally { loading.value = false; }
      }
      onMounted(async () => {
        // try the name without its "市"/"县" prefix, then everything
        const h = (props.hint || '').replace(/^(市|县|区)/, '').slice(0, 4);
        if (h) await search(h);
        if (!options.value.length) await search('');
      });
      const value = computed({ get: () => props.modelValue, set: (v) => emit('update:modelValue', v) });
      return { options, loading, search, value, t };
    },
    template: `<el-select v-model="value" filterable remote clearable :remote-method="search" :loading="loading" :placeholder="$t('imp.pick_org')" style="width: 100%" :data-test="testId">
      <el-option v-for="o in options" :key="o.id" :label="o.name" :value="o.id">
        <span>{{ o.name }}</span><span class="option-sub" v-if="o.region">{{ o.region.name }}</span>
      </el-option>
    </el-select>`,
  };

  const PlanImportPage = {
    components: { UnitOrgSelect, ParticipantSelect },
    setup() {
      const route = VueRouter.useRoute();

      // ---- step 1: source
      const src = reactive({
        participant_id: route.query.participant_id && /^\d+$/.test(route.query.participant_id) ? Number(route.query.participant_id) : '',
        mode: 'paste', text: '', file_name: '', file_b64: '', file_size: 0, published: '',
      });
      const extracting = ref(false);
      const srcError = ref('');
      const fileInput = ref(null);
      function pickFile() { if (fileInput.value) fileInput.value.click(); }
      function onFile(ev) {
        const file = ev.target.files && ev.target.files[0];
        ev.target.value = '';
        if (!file) return;
        srcError.value = '';
        if (!/\.(txt|docx)$/i.test(file.name)) { srcError.value = t('imp.file_type', { name: file.name }); return; }
        if (file.size > 5 * 1024 * 1024) { srcError.value = t('imp.file_size', { name: file.name }); return; }
        const reader = new FileReader();
        reader.onload = () => {
          src.file_name = file.name; src.file_size = file.size; src.file_b64 = toBase64(reader.result);
        };
        reader.onerror = () => { srcError.value = t('imp.file_read', { name: file.name }); };
        reader.readAsArrayBuffer(file);
      }
      const canExtract = computed(() => !!src.participant_id && (src.mode === 'paste' ? !!src.text.trim() : !!src.file_b64));

      // ---- step 2: review
      const x = ref(null); // the extract answer
      const meta = reactive({ title: '', issuer: '', doc_number: '', doc_date: '' });
      const targets = ref([]);
      const tasks = ref([]);
      const phases = ref([]);
      const warnings = ref([]);
      const chars = ref([]);
      const spans = ref({}); // item key → [start, end) in characters of the normalised text
      const unitInfo = reactive({}); // unit name → { state: 'ok'|'none'|'loading', org_id, org_name }
      const mapping = reactive({}); // unit name → { mode: 'map'|'create', org_id, kind }
      const revisionOf = ref(0); // 0: a new plan; else the plan id this revises
      const errs = ref({});
      const saving = ref(false);
      const active = ref('');
      const tab = ref('targets');
      const textPane = ref(null);
      const indicators = ref([]);
      let seq = 0;
      const nextKey = (p) => p + (++seq);

      async function extract() {
        srcError.value = '';
        if (!canExtract.value) return;
        extracting.value = true;
        const body = { participant_id: src.participant_id };
        if (src.published) body.published = src.published;
        if (src.mode === 'paste') body.text = src.text;
        else { body.file_name = src.file_name; body.content_base64 = src.file_b64; }
        try {
          const r = await api.post('/plans/extract', body, { quiet: true });
          loadReview(r);
        } catch (e) {
          srcError.value = e.message || t('common.error');
        } finally { extracting.value = false; }
      }

      function loadReview(r) {
        const e = r.extraction || {};
        const doc = e.document || {};
        chars.value = Array.from(r.normalised_text || '');
        meta.title = doc.title || '';
        meta.issuer = doc.issuer || '';
        meta.doc_number = doc.doc_number || '';
        meta.doc_date = doc.date || src.published || '';
        const sp = {};
        targets.value = (e.targets || []).map((tg) => {
          const row = Object.assign({}, tg, { _key: nextKey('t') });
          const s = targetSpan(chars.value, tg);
          if (s) sp[row._key] = s;
          return row;
        });
        tasks.value = (e.tasks || []).map((tk) => {
          const row = Object.assign({}, tk, { _key: nextKey('k'), lead: (tk.lead || []).slice(), cooperating: (tk.cooperating || []).slice() });
          const s = taskSpan(chars.value, tk);
          if (s) sp[row._key] = s;
          return row;
        });
        phases.value = (e.phases || []).map((p) => Object.assign({}, p, { _key: nextKey('p') }));
        warnings.value = (doc.warnings || []).map((w) => {
          const row = Object.assign({}, w, { _key: nextKey('w') });
          if (typeof w.offset === 'number' && w.text) sp[row._key] = [w.offset, w.offset + Array.from(w.text).length];
          return row;
        });
        spans.value = sp;
        Object.keys(unitInfo).forEach((k) => { delete unitInfo[k]; });
        Object.keys(mapping).forEach((k) => { delete mapping[k]; });
        (r.units || []).forEach((u) => {
          unitInfo[u.name] = u.org_id ? { state: 'ok', org_id: u.org_id, org_name: u.org_name } : { state: 'none' };
        });
        revisionOf.value = 0;
        errs.value = {};
        active.value = '';
        tab.value = 'targets';
        x.value = r;
        if (!indicators.value.length) loadIndicators().then((l) => { indicators.value = l; });
        window.scrollTo(0, 0);
      }

      function backToSource() { x.value = null; errs.value = {}; }

      // highlights
      const segmented = computed(() => {
        const keys = new Set(targets.value.map((r) => r._key).concat(tasks.value.map((r) => r._key), warnings.value.map((r) => r._key)));
        const list = [];
        Object.keys(spans.value).forEach((k) => {
          if (!keys.has(k)) return;
          const kind = k[0] === 't' ? 'target' : (k[0] === 'k' ? 'task' : 'warn');
          list.push({ key: k, kind, start: spans.value[k][0], end: spans.value[k][1] });
        });
        return segmentText(chars.value, list);
      });
      // warnings by kind (a document may carry dozens of year placeholders)
      const warnGroups = computed(() => {
        const by = {};
        const order = [];
        warnings.value.forEach((w) => { if (!by[w.kind]) { by[w.kind] = []; order.push(w.kind); } by[w.kind].push(w); });
        return order.map((kind) => ({ kind, items: by[kind] }));
      });
      const parts = computed(() => (x.value && x.value.extraction && x.value.extraction.document && x.value.extraction.document.parts) || []);
      const hlKey = (k) => segmented.value.alias[k] || k;
      const hasSpan = (row) => !!spans.value[row._key];

      function scrollTextTo(key) {
        nextTick(() => {
          const pane = textPane.value;
          if (!pane) return;
          const m = pane.querySelector('[data-hl="' + hlKey(key) + '"]');
          if (m) pane.scrollTop = Math.max(0, m.offsetTop - pane.clientHeight / 3);
        });
      }
      function selectRow(row) {
        if (!row) return;
        active.value = row._key;
        scrollTextTo(row._key);
      }
      /** A highlight was clicked: select its row (switching tabs) and bring the row into view. */
      function onMarkClick(seg) {
        const key = seg.key;
        active.value = key;
        if (key[0] === 'w') return; // a warning has no row
        tab.value = key[0] === 't' ? 'targets' : 'tasks';
        nextTick(() => {
          const row = document.querySelector('.imp-row-' + key);
          if (row) row.scrollIntoView({ block: 'center', behavior: 'smooth' });
        });
      }
      const markClass = (seg) => {
        const on = active.value && hlKey(active.value) === seg.key;
        return ['hl', 'hl-' + seg.kind, on ? 'hl-active' : ''];
      };
      const rowClass = (prefix) => ({ row, rowIndex }) => {
        const c = ['imp-row-' + row._key];
        if (active.value === row._key) c.push('imp-row-active');
        if (Object.keys(errs.value).some((k) => k.startsWith(prefix + '[' + rowIndex + '].'))) c.push('imp-row-error');
        return c.join(' ');
      };
      const fe = (prefix, i, field) => errs.value[prefix + '[' + i + '].' + field] || '';

      // editing
      function addTarget() {
        const row = { _key: nextKey('t'), indicator_text: '', indicator: null, comparator: 'ge', value: null, value_max: null, unit: '', year: null, delta: false, source_text: '', offset: null };
        targets.value.push(row);
        errs.value = {};
        tab.value = 'targets';
        active.value = row._key;
        nextTick(() => { const el = document.querySelector('.imp-row-' + row._key); if (el) el.scrollIntoView({ block: 'center' }); });
      }
      function addTask() {
        const nums = tasks.value.map((r) => parseInt(r.number, 10)).filter((n) => !isNaN(n));
        const row = { _key: nextKey('k'), number: String(nums.length ? Math.max(...nums) + 1 : tasks.value.length + 1), title: '', group: null, lead: [], cooperating: [], joint: false, resp_text: null, deadline: null, truncated: false, offset: null };
        tasks.value.push(row);
        errs.value = {};
        tab.value = 'tasks';
        active.value = row._key;
        nextTick(() => { const el = document.querySelector('.imp-row-' + row._key); if (el) el.scrollIntoView({ block: 'center' }); });
      }
      function removeRow(list, i) { list.value.splice(i, 1); errs.value = {}; }

      // units: every name the tasks use must resolve; new names are looked up as they appear
      const usedNames = computed(() => {
        const s = new Set();
        tasks.value.forEach((r) => (r.lead || []).concat(r.cooperating || []).forEach((n) => { const v = String(n).trim(); if (v) s.add(v); }));
        return Array.from(s).sort((a, b) => a.localeCompare(b, 'zh'));
      });
      async function lookup(name) {
        unitInfo[name] = { state: 'loading' };
        try {
          const o = await api.get('/orgs/lookup', { name }, { quiet: true });
          unitInfo[name] = { state: 'ok', org_id: o.id, org_name: o.name };
        } catch (e) {
          unitInfo[name] = { state: e.status === 404 ? 'none' : 'error' };
        }
      }
      watch(usedNames, (names) => { names.forEach((n) => { if (!unitInfo[n]) lookup(n); }); });
      const pending = computed(() => usedNames.value.filter((n) => unitInfo[n] && unitInfo[n].state !== 'ok'));
      watch(pending, (names) => {
        names.forEach((n) => { if (!mapping[n]) mapping[n] = { mode: 'map', org_id: null, kind: 'department' }; });
      }, { immediate: true });
      const resolved = computed(() => usedNames.value.filter((n) => unitInfo[n] && unitInfo[n].state === 'ok'));
      const aliasHits = computed(() => resolved.value.filter((n) => unitInfo[n].org_name !== n));
      const unitOptions = computed(() => {
        const s = new Set(Object.keys(unitInfo).concat(usedNames.value));
        return Array.from(s).sort((a, b) => a.localeCompare(b, 'zh'));
      });
      const unitErr = (n) => errs.value['unit_map.' + n] || '';

      // confirm
      const dupPlans = computed(() => (x.value && x.value.duplicates) || []);
      const strip = (o) => { const c = {}; Object.keys(o).forEach((k) => { if (k[0] !== '_') c[k] = o[k]; }); return c; };
      const orNull = (v) => (v === '' || v === undefined ? null : v);
      const placed = (k) => /^(targets|tasks|phases)\[\d+\]\./.test(k) || k.startsWith('unit_map.') || ['title', 'issuer', 'doc_number', 'doc_date', 'participant_id'].includes(k);
      const otherErrors = computed(() => Object.keys(errs.value).filter((k) => !placed(k)).map((k) => (k === 'participant_id' ? t('plan.participant') : k) + ':' + errs.value[k]));

      async function confirm() {
        errs.value = {};
        const local = {};
        if (!meta.title.trim()) local.title = t('common.required');
        pending.value.forEach((n) => {
          const m = mapping[n];
          if (!m || (m.mode === 'map' && !m.org_id) || (m.mode === 'create' && !m.kind)) local['unit_map.' + n] = t('imp.unit_choose');
        });
        if (Object.keys(local).length) {
          errs.value = local;
          ElementPlus.ElMessage.error(t('common.fix_fields'));
          return;
        }
        const unitMap = {};
        pending.value.forEach((n) => {
          const m = mapping[n];
          unitMap[n] = m.mode === 'map' ? { org_id: m.org_id } : { create: { kind: m.kind } };
        });
        const body = {
          participant_id: src.participant_id,
          original_text: x.value.original_text,
          file_name: src.mode === 'file' ? src.file_name : null,
          title: meta.title.trim(),
          issuer: orNull(meta.issuer.trim()),
          doc_number: orNull(meta.doc_number.trim()),
          doc_date: orNull(meta.doc_date),
          warnings: warnings.value.map(strip),
          revision_of: revisionOf.value || null,
          targets: targets.value.map((r) => Object.assign(strip(r), {
            indicator_text: (r.indicator_text || '').trim(),
            indicator: orNull(r.indicator),
            unit: orNull((r.unit || '').trim()),
            value: r.value === undefined ? null : r.value,
            value_max: r.value_max === undefined ? null : r.value_max,
            year: r.year === undefined ? null : r.year,
          })),
          tasks: tasks.value.map((r) => Object.assign(strip(r), {
            number: String(r.number || '').trim(),
            title: (r.title || '').trim(),
            lead: (r.lead || []).map((n) => String(n).trim()).filter(Boolean),
            cooperating: (r.cooperating || []).map((n) => String(n).trim()).filter(Boolean),
          })),
          phases: phases.value.map(strip),
          unit_map: unitMap,
        };
        saving.value = true;
        try {
          const d = await api.post('/plans', body, { quiet: true });
          ElementPlus.ElMessage.success(t('imp.saved', { n: d.plan.revision }));
          push('/plans/' + d.plan.id);
        } catch (e) {
          if ((e.status === 422 || e.status === 409) && Object.keys(e.fields || {}).length) {
            errs.value = Object.assign({}, e.fields);
            ElementPlus.ElMessage.error(t('common.fix_fields'));
            // show the first row in error
            const k = Object.keys(e.fields).find((f) => /^(targets|tasks)\[\d+\]\./.test(f));
            if (k) {
              const m = k.match(/^(targets|tasks)\[(\d+)\]/);
              const list = m[1] === 'targets' ? targets.value : tasks.value;
              const row = list[Number(m[2])];
              if (row) {
                tab.value = m[1];
                nextTick(() => {
                  selectRow(row);
                  const el = document.querySelector('.imp-row-' + row._key);
                  if (el) el.scrollIntoView({ block: 'center' });
                });
              }
            }
          } else {
            ElementPlus.ElMessage.error(e.message || t('common.error'));
            errs.value = { _: e.message || t('common.error') };
          }
        } finally { saving.value = false; }
      }

      const indicatorLabel = (i) => i.name_zh + (store.lang === 'en' && i.name_en ? ' / ' + i.name_en : '') + ' (' + i.code + ')';
      return {
        src, extracting, srcError, fileInput, pickFile, onFile, canExtract, extract,
        x, meta, targets, tasks, phases, warnings, warnGroups, parts, segmented, markClass, onMarkClick, selectRow, rowClass, fe, hasSpan,
        addTarget, addTask, removeRow, usedNames, unitInfo, mapping, pending, resolved, aliasHits, unitOptions, unitErr,
        dupPlans, revisionOf, errs, saving, confirm, otherErrors, backToSource, active, tab, textPane, indicators, indicatorLabel,
        COMPARATORS, cmpOption, warningText, warningType, IC, t, store,
      };
    },
    template: `<div class="plan-import">
      <page-card v-if="!x" :title="$t('nav.plan_import')">
        <el-alert :title="$t('imp.intro')" type="info" :closable="false" show-icon class="mb"></el-alert>
        <el-form :label-width="store.lang === 'en' ? '140px' : '120px'" style="max-width: 980px" @submit.prevent>
          <el-form-item :label="$t('plan.participant')" required>
            <participant-select v-model="src.participant_id" :placeholder="$t('imp.pick_participant')" option-test="import-participant-" data-test="import-participant" id="import-participant"></participant-select>
          </el-form-item>
          <el-form-item :label="$t('imp.source')">
            <el-radio-group v-model="src.mode" data-test="import-mode">
              <el-radio-button value="paste" data-test="import-mode-paste">{{ $t('imp.paste') }}</el-radio-button>
              <el-radio-button value="file" data-test="import-mode-file">{{ $t('imp.upload') }}</el-radio-button>
            </el-radio-group>
          </el-form-item>
          <el-form-item v-if="src.mode === 'paste'" :label="$t('imp.text')">
            <el-input v-model="src.text" type="textarea" :rows="16" :placeholder="$t('imp.text_ph')" id="import-text" data-test="import-text"></el-input>
            <div class="form-hint">{{ $t('imp.chars', { n: src.text.length }) }}</div>
          </el-form-item>
          <el-form-item v-else :label="$t('imp.file')">
            <input ref="fileInput" type="file" accept=".txt,.docx" style="display: none" @change="onFile" data-test="import-file">
            <el-button @click="pickFile"><el-icon><icon-upload></icon-upload></el-icon><span>{{ $t('imp.choose_file') }}</span></el-button>
            <span v-if="src.file_name" class="ml">{{ src.file_name }} <span class="muted">({{ Math.ceil(src.file_size / 1024) }} KB)</span></span>
            <div class="form-hint">{{ $t('imp.file_hint') }}</div>
          </el-form-item>
          <el-form-item :label="$t('imp.published')">
            <el-date-picker v-model="src.published" type="date" value-format="YYYY-MM-DD" :placeholder="$t('imp.published_ph')" data-test="import-published"></el-date-picker>
            <div class="form-hint">{{ $t('imp.published_hint') }}</div>
          </el-form-item>
          <el-form-item>
            <el-alert v-if="srcError" :title="srcError" type="error" show-icon :closable="false" class="mb" data-test="import-error"></el-alert>
            <el-button type="primary" :disabled="!canExtract" :loading="extracting" @click="extract" data-test="import-extract" id="import-extract">
              <el-icon><icon-magic-stick></icon-magic-stick></el-icon><span>{{ $t('imp.extract') }}</span>
            </el-button>
            <span class="muted ml">{{ $t('imp.nothing_saved') }}</span>
          </el-form-item>
        </el-form>
      </page-card>

      <template v-else>
        <page-card :title="$t('imp.review')">
          <template #extra>
            <el-button @click="backToSource" data-test="import-back">{{ $t('imp.back') }}</el-button>
            <el-button type="primary" :loading="saving" @click="confirm" data-test="import-confirm" id="import-confirm">
              <el-icon><icon-check></icon-check></el-icon><span>{{ revisionOf ? $t('imp.confirm_revision') : $t('imp.confirm') }}</span>
            </el-button>
          </template>
          <el-alert v-if="dupPlans.length" type="warning" :closable="false" show-icon class="mb" data-test="import-duplicates" :title="$t('imp.dup_title')">
            <div>{{ $t('imp.dup_text') }}</div>
            <el-radio-group v-model="revisionOf" class="dup-choice">
              <el-radio :value="0" data-test="dup-new">{{ $t('imp.dup_new') }}</el-radio>
              <el-radio v-for="d in dupPlans" :key="d.plan_id" :value="d.plan_id" :data-test="'dup-revision-' + d.plan_id">
                {{ $t('imp.dup_revision', { title: d.title, n: d.revision, next: d.revision + 1 }) }}
                <span class="muted" v-if="d.same_text">({{ $t('imp.dup_same_text') }})</span>
              </el-radio>
            </el-radio-group>
            <div><a v-for="d in dupPlans" :key="'l' + d.plan_id" class="link" :href="'#/plans/' + d.plan_id" target="_blank">{{ $t('imp.dup_open', { title: d.title }) }}</a></div>
          </el-alert>
          <el-alert v-for="(m, i) in otherErrors" :key="i" :title="m" type="error" show-icon :closable="false" class="mb" data-test="import-other-error"></el-alert>
          <el-form :label-width="store.lang === 'en' ? '130px' : '90px'" class="imp-meta" @submit.prevent>
            <el-row :gutter="12">
              <el-col :span="12"><el-form-item :label="$t('plan.title')" required :error="errs.title"><el-input v-model="meta.title" data-test="import-title"></el-input></el-form-item></el-col>
              <el-col :span="12"><el-form-item :label="$t('plan.participant')" :error="errs.participant_id">
                <participant-select v-model="src.participant_id" disabled width="100%" :title="$t('imp.participant_fixed')"></participant-select>
              </el-form-item></el-col>
              <el-col :span="8"><el-form-item :label="$t('plan.issuer')" :error="errs.issuer"><el-input v-model="meta.issuer"></el-input></el-form-item></el-col>
              <el-col :span="8"><el-form-item :label="$t('plan.doc_number')" :error="errs.doc_number"><el-input v-model="meta.doc_number"></el-input></el-form-item></el-col>
              <el-col :span="8"><el-form-item :label="$t('plan.doc_date')" :error="errs.doc_date"><el-date-picker v-model="meta.doc_date" type="date" value-format="YYYY-MM-DD" style="width: 100%"></el-date-picker></el-form-item></el-col>
            </el-row>
          </el-form>
        </page-card>

        <el-row :gutter="16">
          <el-col :span="10">
            <page-card :title="$t('imp.text_repaired')" class="imp-text-card">
              <template #extra><span class="legend"><span class="hl hl-target">{{ $t('plan.targets') }}</span><span class="hl hl-task">{{ $t('plan.tasks') }}</span><span class="hl hl-warn">{{ $t('imp.warnings') }}</span></span></template>
              <div class="imp-warnings" data-test="import-warnings">
                <div v-if="!warnings.length" class="muted small">{{ $t('imp.no_warnings') }}</div>
                <div v-for="g in warnGroups" :key="g.kind" class="warn-group" :data-kind="g.kind">
                  <el-tag v-if="g.items.length === 1" :type="warningType(g.items[0])" class="chip warn-chip" :class="{ clickable: typeof g.items[0].offset === 'number' }" @click="typeof g.items[0].offset === 'number' && selectRow(g.items[0])">{{ warningText(g.items[0]) }}</el-tag>
                  <template v-else>
                    <el-tag :type="warningType(g.items[0])" class="chip">{{ $t('plan.warn.' + g.kind) }} × {{ g.items.length }}</el-tag>
                    <a v-for="(w, i) in g.items" :key="w._key" class="warn-link" :class="{ on: active === w._key }" @click="selectRow(w)">{{ w.text || (i + 1) }}</a>
                  </template>
                </div>
                <el-alert v-if="parts.length" type="info" :closable="false" class="mt" :title="$t('imp.parts', { n: parts.length })">
                  <div v-for="p in parts" :key="p.part" class="small">{{ p.part }}:{{ p.heading }}<span v-if="p.region" class="muted"> ({{ p.region }})</span></div>
                </el-alert>
              </div>
              <div class="imp-text" ref="textPane" data-test="import-normalised"><template v-for="(s, i) in segmented.segs" :key="i"><span v-if="s.key" :class="markClass(s)" :data-hl="s.key" @click="onMarkClick(s)">{{ s.text }}</span><template v-else>{{ s.text }}</template></template></div>
            </page-card>
          </el-col>
          <el-col :span="14">
            <page-card v-if="pending.length" :title="$t('imp.pending_units', { n: pending.length })" class="pending-units" data-test="import-pending-units">
              <div class="form-hint mb">{{ $t('imp.pending_hint') }}</div>
              <div v-for="n in pending" :key="n" class="unit-row" :data-test="'pending-unit-' + n">
                <div class="unit-name"><strong>{{ n }}</strong><el-icon v-if="unitInfo[n] && unitInfo[n].state === 'loading'" class="is-loading ml"><icon-loading></icon-loading></el-icon></div>
                <el-radio-group v-model="mapping[n].mode" size="small" v-if="mapping[n]">
                  <el-radio-button value="map" :data-test="'unit-mode-map-' + n">{{ $t('imp.unit_map') }}</el-radio-button>
                  <el-radio-button value="create" :data-test="'unit-mode-create-' + n">{{ $t('imp.unit_create') }}</el-radio-button>
                </el-radio-group>
                <div class="unit-choice" v-if="mapping[n]">
                  <unit-org-select v-if="mapping[n].mode === 'map'" v-model="mapping[n].org_id" :hint="n" :test-id="'unit-org-' + n"></unit-org-select>
                  <el-select v-else v-model="mapping[n].kind" style="width: 100%" :data-test="'unit-kind-' + n">
                    <el-option v-for="o in IC.codeOptions('org_kinds')" :key="o.value" :label="o.label" :value="o.value"></el-option>
                  </el-select>
                </div>
                <div class="cell-err" v-if="unitErr(n)">{{ unitErr(n) }}</div>
              </div>
            </page-card>
            <div v-else class="units-ok" data-test="import-units-ok">
              <el-icon><icon-circle-check></icon-circle-check></el-icon>
              <span>{{ resolved.length ? $t('imp.units_ok', { n: resolved.length }) : $t('imp.units_none') }}</span>
              <el-tooltip v-if="aliasHits.length" placement="bottom">
                <template #content><div v-for="n in aliasHits" :key="n">{{ n }} → {{ unitInfo[n].org_name }}</div></template>
                <span class="link ml">{{ $t('imp.units_alias', { n: aliasHits.length }) }}</span>
              </el-tooltip>
            </div>

            <page-card>
              <el-tabs v-model="tab" class="imp-tabs">
                <el-tab-pane :label="$t('plan.targets') + ' (' + targets.length + ')'" name="targets">
                  <el-table :data="targets" border size="small" :row-class-name="rowClass('targets')" @row-click="selectRow" data-test="import-targets" :empty-text="$t('common.empty')" class="edit-table">
                    <el-table-column type="index" width="40" align="center"></el-table-column>
                    <el-table-column :label="$t('plan.target_fields')">
                      <template #default="{ row, $index }">
                        <div class="edit-grid tg-line1">
                          <div class="fld"><span>{{ $t('plan.indicator_text') }}</span><el-input v-model="row.indicator_text" size="small" :data-test="'target-text-' + $index"></el-input></div>
                          <div class="fld"><span>{{ $t('plan.indicator') }}</span>
                            <el-select v-model="row.indicator" size="small" filterable clearable :placeholder="$t('imp.unmapped')" style="width: 100%">
                              <el-option v-for="i in indicators" :key="i.code" :label="indicatorLabel(i)" :value="i.code"></el-option>
                            </el-select>
                          </div>
                        </div>
                        <div class="cell-err" v-if="fe('targets', $index, 'indicator_text')">{{ $t('plan.indicator_text') }}:{{ fe('targets', $index, 'indicator_text') }}</div>
                        <div class="edit-grid tg-line2">
                          <div class="fld"><span>{{ $t('plan.comparator') }}</span>
                            <el-select v-model="row.comparator" size="small" style="width: 100%" :data-test="'target-cmp-' + $index">
                              <el-option v-for="c in COMPARATORS" :key="c" :label="cmpOption(c)" :value="c"></el-option>
                            </el-select>
                          </div>
                          <div class="fld"><span>{{ $t('plan.value') }}</span><el-input-number v-model="row.value" size="small" :controls="false" :value-on-clear="null" :data-test="'target-value-' + $index" :id="'target-value-' + $index"></el-input-number></div>
                          <div class="fld"><span>{{ $t('plan.value_max') }}</span><el-input-number v-model="row.value_max" size="small" :controls="false" :value-on-clear="null" :disabled="row.comparator !== 'range'"></el-input-number></div>
                          <div class="fld"><span>{{ $t('plan.unit') }}</span><el-input v-model="row.unit" size="small"></el-input></div>
                          <div class="fld"><span>{{ $t('plan.year') }}</span><el-input-number v-model="row.year" size="small" :controls="false" :min="1900" :max="2200" :precision="0" :value-on-clear="null" :data-test="'target-year-' + $index"></el-input-number></div>
                          <div class="fld chk"><span>{{ $t('plan.delta') }}</span><el-checkbox v-model="row.delta" :title="$t('plan.delta_hint')"></el-checkbox></div>
                        </div>
                        <div class="cell-err" v-for="f in ['comparator', 'value', 'value_max', 'unit', 'year']" :key="f" v-show="fe('targets', $index, f)">{{ $t('plan.' + f) }}:{{ fe('targets', $index, f) }}</div>
                        <div class="src-text" v-if="row.source_text" :title="row.source_text"><el-icon v-if="hasSpan(row)"><icon-location></icon-location></el-icon>{{ row.source_text }}</div>
                      </template>
                    </el-table-column>
                    <el-table-column width="44" align="center">
                      <template #default="{ $index }"><el-button link type="danger" @click.stop="removeRow(targets, $index)" :title="$t('imp.delete')" :data-test="'target-delete-' + $index"><el-icon><icon-delete></icon-delete></el-icon></el-button></template>
                    </el-table-column>
                  </el-table>
                  <el-button class="mt" @click="addTarget" data-test="import-add-target"><el-icon><icon-plus></icon-plus></el-icon><span>{{ $t('imp.add_target') }}</span></el-button>
                </el-tab-pane>
                <el-tab-pane :label="$t('plan.tasks') + ' (' + tasks.length + ')'" name="tasks">
                  <el-table :data="tasks" border size="small" :row-class-name="rowClass('tasks')" @row-click="selectRow" data-test="import-tasks" :empty-text="$t('common.empty')" class="edit-table">
                    <el-table-column :label="$t('plan.number')" width="64">
                      <template #default="{ row }"><el-input v-model="row.number" size="small"></el-input></template>
                    </el-table-column>
                    <el-table-column :label="$t('plan.task_fields')">
                      <template #default="{ row, $index }">
                        <el-input v-model="row.title" size="small" type="textarea" :autosize="{ minRows: 1, maxRows: 4 }" :data-test="'task-title-' + $index"></el-input>
                        <div class="cell-err" v-if="fe('tasks', $index, 'title')">{{ fe('tasks', $index, 'title') }}</div>
                        <div class="edit-grid tk-line2">
                          <div class="fld"><span>{{ row.joint ? $t('plan.joint_units') : $t('plan.lead') }}</span>
                            <el-select v-model="row.lead" size="small" multiple filterable allow-create default-first-option :reserve-keyword="false" :placeholder="$t('imp.unit_ph')" style="width: 100%" :data-test="'task-lead-' + $index">
                              <el-option v-for="n in unitOptions" :key="n" :label="n" :value="n"></el-option>
                            </el-select>
                          </div>
                          <div class="fld"><span>{{ $t('plan.cooperating') }}</span>
                            <el-select v-model="row.cooperating" size="small" multiple filterable allow-create default-first-option :reserve-keyword="false" :placeholder="$t('imp.unit_ph')" style="width: 100%" :data-test="'task-coop-' + $index">
                              <el-option v-for="n in unitOptions" :key="n" :label="n" :value="n"></el-option>
                            </el-select>
                          </div>
                          <div class="fld chk"><span>{{ $t('plan.joint') }}</span><el-checkbox v-model="row.joint" :title="$t('plan.joint_hint')"></el-checkbox></div>
                        </div>
                        <div class="cell-err" v-if="fe('tasks', $index, 'lead')">{{ fe('tasks', $index, 'lead') }}</div>
                        <div class="src-text" v-if="row.resp_text" :title="row.resp_text"><el-icon v-if="hasSpan(row)"><icon-location></icon-location></el-icon>{{ row.resp_text }}</div>
                      </template>
                    </el-table-column>
                    <el-table-column width="44" align="center">
                      <template #default="{ $index }"><el-button link type="danger" @click.stop="removeRow(tasks, $index)" :title="$t('imp.delete')" :data-test="'task-delete-' + $index"><el-icon><icon-delete></icon-delete></el-icon></el-button></template>
                    </el-table-column>
                  </el-table>
                  <el-button class="mt" @click="addTask" data-test="import-add-task"><el-icon><icon-plus></icon-plus></el-icon><span>{{ $t('imp.add_task') }}</span></el-button>
                </el-tab-pane>
                <el-tab-pane :label="$t('plan.phases') + ' (' + phases.length + ')'" name="phases">
                  <el-table :data="phases" border size="small" :empty-text="$t('common.empty')" data-test="import-phases">
                    <el-table-column :label="$t('plan.phase_text')" min-width="200">
                      <template #default="{ row, $index }">{{ row.text }}<div class="cell-err" v-if="fe('phases', $index, 'text')">{{ fe('phases', $index, 'text') }}</div></template>
                    </el-table-column>
                    <el-table-column :label="$t('plan.phase_kind')" width="120"><template #default="{ row }">{{ $t('plan.phase.' + row.kind) }}</template></el-table-column>
                    <el-table-column :label="$t('plan.phase_years')" width="120"><template #default="{ row }">{{ row.start_year || '' }}{{ row.start_year || row.end_year ? '–' : '' }}{{ row.end_year || '' }}</template></el-table-column>
                    <el-table-column width="50" align="center">
                      <template #default="{ $index }"><el-button link type="danger" @click="removeRow(phases, $index)" :title="$t('imp.delete')"><el-icon><icon-delete></icon-delete></el-icon></el-button></template>
                    </el-table-column>
                  </el-table>
                </el-tab-pane>
              </el-tabs>
            </page-card>
          </el-col>
        </el-row>
      </template>
    </div>`,
  };

  area.routes.push(
    { path: '/plans/import', name: 'plan-import', component: PlanImportPage, meta: { nav: '/plans/import', access: 'import', crumb: [{ key: 'nav.plans', to: '/plans' }, { key: 'nav.plan_import' }] } },
  );
});
