/* innocity web UI — monitoring: one assignment — entry, check, submit, review. */
'use strict';
IC.module('monitoring', ({ t, api, crumbs, store, area }) => {
  const { reactive, ref, computed, onMounted } = Vue;
  const { STATUS_TAG, num, ImportBox } = area.util;

  // ------------------------------------------------------------------ entry and review
  const AssignmentPage = {
    components: { ImportBox },
    setup() {
      const route = VueRouter.useRoute();
      const id = route.params.id;
      const d = ref(null);
      const vals = reactive({});
      const violations = ref([]);
      const busy = ref(false);
      const fieldErrs = ref({});
      const dialog = reactive({ show: false, action: '', reason: '', err: '' });
      async function load() {
        const r = await api.get('/monitoring/assignments/' + id);
        d.value = r;
        violations.value = r.violations;
        r.rows.forEach((row) => {
          vals[row.item.code] = { value: row.value, comment: row.comment || '', missing_reason: row.missing_reason || '' };
        });
        crumbs({ label: r.assignment.form_name + ' · ' + r.assignment.org_name });
      }
      // Values as typed: thousands separators are read; what is not a number stays out of the
      // live check and stops a save with the field's message (never saved as empty).
      const parsed = () => Object.keys(vals).map((k) => ({ k, n: IC.parseNumber(vals[k].value) }));
      const payload = () => parsed().map(({ k, n }) => ({
        item: k,
        value: Number.isNaN(n) ? null : n,
        comment: vals[k].comment || null,
        missing_reason: vals[k].missing_reason || null,
      }));
      /** Field messages for values that are not numbers; true when there are none. */
      function numbersOk() {
        const bad = {};
        parsed().filter(({ n }) => Number.isNaN(n)).forEach(({ k }) => { bad['values.' + k] = t('mon.not_number', { v: vals[k].value }); });
        fieldErrs.value = bad;
        if (Object.keys(bad).length) ElementPlus.ElMessage.error(t('common.fix_fields'));
        return !Object.keys(bad).length;
      }
      let timer = null;
      function typed() {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          try { violations.value = (await api.post('/monitoring/assignments/' + id + '/check', { values: payload() }, { quiet: true })).violations; } catch (e) { /* shown on save */ }
        }, 400);
      }
      async function save() {
        if (!numbersOk()) return;
        busy.value = true; fieldErrs.value = {};
        try { d.value = await api.put('/monitoring/assignments/' + id + '/values', { values: payload() }); violations.value = d.value.violations; ElementPlus.ElMessage.success(t('mon.saved')); } catch (e) { fieldErrs.value = e.fields || {}; } finally { busy.value = false; }
      }
      async function submit() {
        if (!numbersOk()) return;
        busy.value = true; fieldErrs.value = {};
        try {
          await api.put('/monitoring/assignments/' + id + '/values', { values: payload() });
          await api.post('/monitoring/assignments/' + id + '/submit', {});
          ElementPlus.ElMessage.success(t('mon.submitted'));
          await load();
        } catch (e) { fieldErrs.value = e.fields || {}; } finally { busy.value = false; }
      }
      function ask(action) { dialog.action = action; dialog.reason = ''; dialog.err = ''; dialog.show = true; }
      async function review(action, reason) {
        busy.value = true;
        try { await api.post('/monitoring/assignments/' + id + '/review', { action, reason: reason || null }); dialog.show = false; await load(); } catch (e) { dialog.err = (e.fields && e.fields.reason) || e.message; } finally { busy.value = false; }
      }
      function confirmDialog() {
        if (!dialog.reason.trim()) { dialog.err = t('mon.reason_required'); return; }
        review(dialog.action, dialog.reason.trim());
      }
      const errFor = (code) => fieldErrs.value['values.' + code] || fieldErrs.value['values.' + code + '.value'] || '';
      const violFor = (code) => violations.value.filter((v) => v.items.includes(code));
      const st = computed(() => d.value && d.value.assignment.status);
      onMounted(load);
      return {
        d, vals, violations, busy, dialog, save, submit, ask, review, confirmDialog, typed, errFor, violFor, st,
        STATUS_TAG, num, t, IC, store, load,
        // The server's `review` class covers both steps; the database decides the level: a
        // coordinator approves or returns in its region (it also has `coordinate`), the level
        // above accepts (a reviewer: `review` without `coordinate`); admins do both.
        canReview: computed(() => store.hasAccess('review') && store.hasAccess('coordinate')),
        canAccept: computed(() => store.hasAccess('review') && (store.hasAccess('admin') || !store.hasAccess('coordinate'))),
      };
    },
    template: `<div v-if="d">
      <page-card :title="d.assignment.form_name + ' · ' + d.assignment.org_name + ' · ' + d.assignment.region_name">
        <template #extra>
          <el-tag :type="STATUS_TAG[st]" data-test="mon-status">{{ $t('mon.st.' + st) }}</el-tag>
          <a class="el-button el-button--default el-button--small ml" :href="'/api/v1/monitoring/assignments/' + d.assignment.id + '/template.xlsx'" data-test="mon-template">{{ $t('mon.template') }}</a>
        </template>
        <p class="muted">{{ $t('mon.due') }}: {{ d.assignment.due_date }} <el-tag v-if="d.assignment.overdue" type="danger" size="small">{{ $t('mon.overdue') }}</el-tag></p>
        <el-alert v-if="d.assignment.reason && st === 'returned'" type="warning" :closable="false" show-icon :title="$t('mon.returned_reason', { r: d.assignment.reason })" class="mb" data-test="mon-return-reason"></el-alert>
        <el-alert v-if="d.hidden" type="info" :closable="false" show-icon :title="$t('mon.hidden')" class="mb"></el-alert>
        <el-table :data="d.rows" border data-test="mon-entry">
          <el-table-column :label="$t('mon.item')" min-width="200"><template #default="{ row }">{{ row.item.name_zh }}<div class="muted small">{{ row.item.code }}</div></template></el-table-column>
          <el-table-column :label="$t('mon.unit')" width="70"><template #default="{ row }">{{ row.item.unit }}</template></el-table-column>
          <el-table-column v-for="(p, k) in d.rows.length ? d.rows[0].previous : []" :key="k" :label="String(p.year)" width="90"><template #default="{ row }">{{ num(row.previous[k].value) }}</template></el-table-column>
          <el-table-column :label="$t('mon.value', { y: d.assignment.year })" width="150">
            <template #default="{ row }">
              <el-input v-if="d.assignment.editable" v-model="vals[row.item.code].value" @input="typed" :data-test="'mon-value-' + row.item.code" inputmode="decimal"></el-input>
              <span v-else>{{ num(row.value, 4) }}</span>
              <div class="field-err" v-if="errFor(row.item.code)">{{ errFor(row.item.code) }}</div>
            </template>
          </el-table-column>
          <el-table-column :label="$t('mon.comment')" min-width="160"><template #default="{ row }"><el-input v-if="d.assignment.editable" v-model="vals[row.item.code].comment" :data-test="'mon-comment-' + row.item.code"></el-input><span v-else>{{ row.comment }}</span></template></el-table-column>
          <el-table-column :label="$t('mon.missing_reason')" min-width="140"><template #default="{ row }"><el-input v-if="d.assignment.editable" v-model="vals[row.item.code].missing_reason" :data-test="'mon-reason-' + row.item.code"></el-input><span v-else>{{ row.missing_reason }}</span></template></el-table-column>
          <el-table-column :label="$t('mon.violations')" min-width="200"><template #default="{ row }"><div v-for="v in violFor(row.item.code)" :key="v.rule" :class="'viol viol-' + v.importance" data-test="mon-violation">[{{ $t('mon.imp.' + v.importance) }}] {{ v.message }}</div></template></el-table-column>
        </el-table>
        <div class="mt">
          <template v-if="d.assignment.editable">
            <el-button @click="save" :loading="busy" data-test="mon-save">{{ $t('mon.save') }}</el-button>
            <el-button type="primary" @click="submit" :loading="busy" data-test="mon-submit">{{ $t('mon.submit') }}</el-button>
          </template>
          <template v-if="canReview && st === 'submitted'">
            <el-button type="success" @click="review('approve')" :loading="busy" data-test="mon-approve">{{ $t('mon.approve') }}</el-button>
            <el-button type="danger" @click="ask('return')" data-test="mon-return">{{ $t('mon.return') }}</el-button>
          </template>
          <el-button v-if="canAccept && st === 'approved'" type="success" @click="review('accept')" data-test="mon-accept">{{ $t('mon.accept') }}</el-button>
          <el-button v-if="canReview && (st === 'approved' || st === 'accepted')" @click="ask('unapprove')" data-test="mon-unapprove">{{ $t('mon.unapprove') }}</el-button>
        </div>
        <import-box v-if="d.assignment.editable" class="mt" @done="load"></import-box>
      </page-card>
      <el-dialog v-model="dialog.show" :title="$t('mon.' + dialog.action)" width="420px">
        <el-input v-model="dialog.reason" type="textarea" :rows="3" :placeholder="$t('mon.reason')" id="mon-reason-input"></el-input>
        <div class="field-err" v-if="dialog.err" data-test="mon-dialog-error">{{ dialog.err }}</div>
        <template #footer><el-button type="primary" @click="confirmDialog" :loading="busy" id="mon-reason-confirm">{{ $t('mon.' + dialog.action) }}</el-button></template>
      </el-dialog>
    </div>`,
  };

  area.routes.push(
    { path: '/monitoring/assignments/:id', name: 'mon-assignment', component: AssignmentPage, meta: { nav: '/monitoring', crumb: [{ key: 'nav.monitoring', to: '/monitoring' }] } },
  );
});
