/* innocity web UI — plans (实施方案): helpers shared by the plan pages — comparators, warnings, spans in the original text, the participant picker. */
'use strict';
IC.module('plans', ({ t, api, area }) => {
  const { ref, computed, onMounted } = Vue;
  const listOf = IC.listOf;

  // ------------------------------------------------------------------ shared helpers
  const COMPARATORS = ['ge', 'gt', 'le', 'lt', 'eq', 'approx', 'range'];
  const CMP_SYMBOL = { ge: '≥', gt: '>', le: '≤', lt: '<', eq: '=', approx: '≈' };
  const cmpLabel = (c) => (c === 'range' ? t('plan.cmp.range') : (CMP_SYMBOL[c] || c || ''));
  const cmpOption = (c) => (c === 'range' ? t('plan.cmp.range') : (CMP_SYMBOL[c] + ' ' + t('plan.cmp.' + c)));
  const numText = (v) => (v === null || v === undefined || v === '' ? '' : String(v));

  /** "≥ 3.3", "≈ 50", "10–20 (区间)"; the unit is shown in its own column. */
  function targetValue(tg) {
    if (tg.comparator === 'range') return numText(tg.value) + '–' + numText(tg.value_max);
    return (CMP_SYMBOL[tg.comparator] || '') + ' ' + numText(tg.value);
  }

  const WARNING_KINDS = ['pinyin_removed', 'traditional_converted', 'year_placeholder', 'mojibake', 'watermark', 'truncated', 'demo'];
  /** A warning as one readable line in the current language. */
  function warningText(w) {
    const kind = WARNING_KINDS.includes(w.kind) ? w.kind : 'other';
    let s = t('plan.warn.' + kind, { kind: w.kind || '' });
    if (typeof w.count === 'number') s += t('plan.warn_count', { n: w.count });
    if (w.text) s += t('plan.warn_quote', { text: w.text });
    return s;
  }
  const warningType = (w) => (['mojibake', 'truncated', 'year_placeholder'].includes(w.kind) ? 'warning' : 'info');

  const ROLE_TAG = { lead: 'danger', coop: 'primary', joint: 'warning' };
  const roleLabel = (r) => t('plan.role.' + r);
  /** Highlight kinds of the original-text tab and their labels. */
  const HL_LABEL = { target: 'plan.targets', task: 'plan.tasks', lead: 'plan.lead', coop: 'plan.cooperating', joint: 'plan.joint_units', phase: 'plan.phases' };

  /** Base64 of an ArrayBuffer, in chunks (String.fromCharCode has an argument limit). */
  function toBase64(buf) {
    const bytes = new Uint8Array(buf);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  /** Index (in characters, i.e. code points) of `needle` in chars[from..to), or -1. */
  function cpIndexOf(chars, needle, from, to) {
    if (!needle) return -1;
    from = Math.max(0, from);
    to = Math.min(chars.length, to);
    if (to <= from) return -1;
    const win = chars.slice(from, to).join('');
    const i = win.indexOf(needle);
    if (i < 0) return -1;
    return from + Array.from(win.slice(0, i)).length;
  }

  const PUNCT = /[,。;;,!?!?\n]/;
  /** The span [start, end) of a target's source text around its anchor offset. */
  function targetSpan(chars, tg) {
    const o = tg.offset;
    if (o === null || o === undefined || o < 0 || o >= chars.length) return null;
    const src = tg.source_text || '';
    const n = Array.from(src).length;
    if (n) {
      const i = cpIndexOf(chars, src, o - n - 2, o + n + 2);
      if (i >= 0 && i <= o && o <= i + n) return [i, i + n];
    }
    let e = o + 1;
    while (e < chars.length && e < o + 24 && !PUNCT.test(chars[e])) e++;
    return [o, e];
  }
  /** The span of a task heading: from its number to the end of its title. */
  function taskSpan(chars, tk) {
    const o = tk.offset;
    if (o === null || o === undefined || o < 0 || o >= chars.length) return null;
    const title = tk.title || '';
    const i = cpIndexOf(chars, title, o, o + 80 + Array.from(title).length);
    if (i >= 0) return [o, i + Array.from(title).length];
    let e = o + 1;
    while (e < chars.length && e < o + 30 && !/[。\n]/.test(chars[e])) e++;
    return [o, e];
  }

  /** Cuts the text into plain and highlighted segments; overlapping spans are clipped, and an
   *  item swallowed by an earlier span points at that span (alias). */
  function segmentText(chars, spans) {
    spans = spans.filter((s) => s.start < s.end).sort((a, b) => a.start - b.start || b.end - a.end);
    const segs = [];
    const alias = {};
    let cur = 0;
    let last = null;
    for (const s of spans) {
      const start = Math.max(s.start, cur);
      if (start >= s.end) { if (last) alias[s.key] = last.key; continue; }
      if (start > cur) segs.push({ text: chars.slice(cur, start).join('') });
      last = { text: chars.slice(start, s.end).join(''), key: s.key, kind: s.kind };
      segs.push(last);
      cur = s.end;
    }
    if (cur < chars.length) segs.push({ text: chars.slice(cur).join('') });
    return { segs, alias };
  }

  /** Indicator library (one request per page visit; 200 is the API's page limit). */
  async function loadIndicators() {
    try {
      const r = await api.get('/indicators', { per_page: 200 }, { quiet: true });
      return listOf(r);
    } catch (e) { return []; }
  }

  /** Participant picker with remote search (/participants?q=); keeps the chosen one listed. */
  const ParticipantSelect = {
    props: { modelValue: [Number, String], disabled: Boolean, clearable: Boolean, placeholder: String, optionTest: String, width: { type: String, default: '360px' } },
    emits: ['update:modelValue', 'change'],
    setup(props, { emit }) {
      const options = ref([]);
      const loading = ref(false);
      let chosen = null; // the selected participant, kept among the options
      const label = (p) => (p.region ? p.region.name : '') + (p.programme ? ' · ' + IC.progName(p.programme) : '');
      const withChosen = (list) => (chosen && !list.some((p) => p.id === chosen.id) ? [chosen].concat(list) : list);
      async function search(q) {
        loading.value = true;
        try {
          options.value = withChosen(listOf(await api.get('/participants', { q, per_page: 50 }, { quiet: true })));
        } catch (e) { options.value = withChosen([]); } finally { loading.value = false; }
      }
      onMounted(async () => {
        await search('');
        const id = props.modelValue;
        if (id && !options.value.some((p) => p.id === id)) {
          try { chosen = (await api.get('/participants/' + encodeURIComponent(id), null, { quiet: true })).participant; options.value = withChosen(options.value); } catch (e) { /* out of scope: stays a bare id */ }
        }
      });
      const value = computed({
        get: () => props.modelValue,
        set: (v) => {
          chosen = options.value.find((p) => p.id === v) || null;
          emit('update:modelValue', v === undefined ? '' : v);
          emit('change', v);
        },
      });
      return { options, loading, search, value, label, t };
    },
    template: `<el-select v-model="value" filterable remote :remote-method="search" :loading="loading" :clearable="clearable" :disabled="disabled" :placeholder="placeholder" :style="{ width: width }">
      <el-option v-for="p in options" :key="p.id" :label="label(p)" :value="p.id" :data-test="optionTest ? optionTest + (p.region && p.region.code) : null"></el-option>
    </el-select>`,
  };
  area.util = { COMPARATORS, CMP_SYMBOL, cmpLabel, cmpOption, numText, targetValue, WARNING_KINDS, warningText, warningType, ROLE_TAG, roleLabel, HL_LABEL, toBase64, targetSpan, taskSpan, segmentText, loadIndicators, ParticipantSelect };
});
