/* innocity web UI — supervision: one task — loop actions, deadlines, urges, evidence, colour history. */
'use strict';
IC.module('supervision', ({ t, api, crumbs, store, area }) => {
  const { reactive, ref, computed, onMounted } = Vue;
  const { COLOUR_TAG, statusLabel, colourLabel, unitNames, pct, toBase64 } = area.util;

  // ------------------------------------------------------------------ task page
  const TaskPage = {
    setup() {
      const route = VueRouter.useRoute();
      const id = route.params.id;
      const d = ref(null);
      const error = ref('');
      const loading = ref(false);
      const form = reactive({ open: false, action: '', text: '', progress: null, person: '', milestones_done: [], busy: false, errs: { text: '', progress: '', person: '' } });
      const urge = reactive({ open: false, org_id: '', text: '', answer_days: 3, busy: false, errs: { org_id: '', text: '', answer_days: '' } });
      const answer = reactive({ open: false, id: 0, text: '', busy: false, errs: { text: '' } });
      const fileErr = ref('');
      const fileEvent = ref('');
      // Reports and contributions a file may be attached to: the caller's own (coordinators: all).
      const reportEvents = computed(() => (d.value ? d.value.events.filter((e) => ['report', 'contribution'].includes(e.kind)
        && (store.hasAccess('coordinate') || (store.user && store.user.org && e.org_id === store.user.org.id))) : []));
      const filesOf = (eid) => (d.value ? d.value.files.filter((f) => f.event_id === eid) : []);
      const ed = reactive({ open: false, title: '', due: '', ms_title: '', ms_due: '', ms: [], persons: [], busy: false, errs: {} });
      function openEdit() {
        const tk = d.value.task;
        Object.assign(ed, { open: true, title: tk.title, due: tk.due || '', ms_title: '', ms_due: '',
          ms: d.value.milestones.map((m) => ({ id: m.id, title: m.title, due: m.due, done_on: m.done_on, orig_title: m.title, orig_due: m.due, del: false })),
          persons: tk.units.map((u) => ({ org_id: u.org_id, org_name: u.org_name, person: u.person || '', email: u.email || '', phone: u.phone || '' })) });
        ed.errs = {};
      }
      async function saveEdit() {
        ed.busy = true;
        try {
          const add = ed.ms_title || ed.ms_due ? [{ title: ed.ms_title, due: ed.ms_due }] : [];
          d.value = await api.put('/supervision/tasks/' + id, {
            title: ed.title, due: ed.due || null, description: d.value.description,
            add_milestones: add,
            milestones: ed.ms.filter((m) => !m.del && (m.title !== m.orig_title || m.due !== m.orig_due)).map((m) => ({ id: m.id, title: m.title, due: m.due })),
            delete_milestones: ed.ms.filter((m) => m.del).map((m) => m.id),
            persons: ed.persons.map((p) => ({ org_id: p.org_id, person: p.person, email: p.email, phone: p.phone })),
          });
          ed.open = false;
        } catch (e) { ed.errs = (e && e.fields) || {}; } finally { ed.busy = false; }
      }
      // Error of an existing milestone's row: the server names changed ones by their position
      // in the list sent, deleted ones by theirs in delete_milestones.
      function msErr(m) {
        const changed = ed.ms.filter((x) => !x.del && (x.title !== x.orig_title || x.due !== x.orig_due));
        const deleted = ed.ms.filter((x) => x.del);
        const i = changed.indexOf(m);
        const j = deleted.indexOf(m);
        if (i >= 0) return ed.errs['milestones[' + i + '].title'] || ed.errs['milestones[' + i + '].due'] || ed.errs['milestones[' + i + '].id'] || '';
        if (j >= 0) return ed.errs['delete_milestones[' + j + ']'] || '';
        return '';
      }
      // Units: lead, cooperating, shared duty and persons; units removed from an assigned task
      // are taken off (kept with their history).
      const orgs = ref([]);
      const un = reactive({ open: false, units: [], reason: '', busy: false, errs: {} });
      async function openUnits() {
        if (!orgs.value.length) {
          try { orgs.value = (await api.get('/orgs', { per_page: 200 })).items; } catch (e) { /* none */ }
        }
        Object.assign(un, { open: true, reason: '', errs: {},
          units: d.value.task.units.map((u) => ({ org_id: u.org_id, part: u.part, person: u.person || '', email: u.email || '', phone: u.phone || '' })) });
      }
      async function saveUnits() {
        un.busy = true;
        try {
          d.value = await api.put('/supervision/tasks/' + id + '/units', {
            units: un.units.filter((u) => u.org_id !== '').map((u) => ({ org_id: Number(u.org_id), part: u.part, person: u.person || null, email: u.email || null, phone: u.phone || null })),
            reason: un.reason || null,
          });
          un.open = false;
        } catch (e) { un.errs = (e && e.fields) || {}; } finally { un.busy = false; }
      }
      const unitErr = (i) => ['org_id', 'part', 'person', 'email', 'phone'].map((k) => un.errs['units[' + i + '].' + k]).filter(Boolean).join(';');
      // Sub-tasks.
      const split = ref(false);
      async function openSplit() {
        if (!orgs.value.length) {
          try { orgs.value = (await api.get('/orgs', { per_page: 200 })).items; } catch (e) { /* none */ }
        }
        split.value = true;
      }
      const splitUnits = computed(() => (d.value ? d.value.task.units.filter((u) => u.part !== 'coop').map((u) => ({ org_id: u.org_id, part: 'lead' })) : []));
      const afterSplit = () => load();
      async function load() {
        loading.value = true;
        try {
          d.value = await api.get('/supervision/tasks/' + encodeURIComponent(id));
          crumbs({ label: d.value.task.title });
        } catch (e) { error.value = e.message; } finally { loading.value = false; }
      }
      onMounted(load);
      function open(action) {
        Object.assign(form, { open: true, action, text: '', progress: d.value.task.progress, person: '', milestones_done: [] });
        IC.clearFieldErrors(form.errs);
      }
      async function submit() {
        form.busy = true;
        try {
          const body = { action: form.action, text: form.text, milestones_done: form.milestones_done };
          if (form.action === 'report') body.progress = form.progress === null || form.progress === '' ? null : Number(form.progress);
          if (form.action === 'sign' && form.person) body.person = form.person;
          d.value = await api.post('/supervision/tasks/' + id + '/act', body);
          form.open = false;
        } catch (e) { IC.applyFieldErrors(form.errs, e); } finally { form.busy = false; }
      }
      async function sendUrge() {
        urge.busy = true;
        try {
          d.value = await api.post('/supervision/tasks/' + id + '/urges', { org_id: urge.org_id ? Number(urge.org_id) : 0, text: urge.text, answer_days: Number(urge.answer_days) });
          urge.open = false;
        } catch (e) { IC.applyFieldErrors(urge.errs, e); } finally { urge.busy = false; }
      }
      async function sendAnswer() {
        answer.busy = true;
        try {
          d.value = await api.post('/supervision/urges/' + answer.id + '/answer', { text: answer.text });
          answer.open = false;
        } catch (e) { IC.applyFieldErrors(answer.errs, e); } finally { answer.busy = false; }
      }
      async function upload(ev) {
        const file = ev.target.files && ev.target.files[0];
        ev.target.value = '';
        if (!file) return;
        fileErr.value = '';
        try {
          const buf = await file.arrayBuffer();
          await api.post('/supervision/tasks/' + id + '/files', { file_name: file.name, content_base64: toBase64(buf), event_id: fileEvent.value === '' ? null : Number(fileEvent.value) }, { quiet: true });
          await load();
        } catch (e) { fileErr.value = (e.fields && Object.values(e.fields)[0]) || e.message; }
      }
      const needsText = computed(() => ['report', 'request_close', 'send_back', 'reopen'].includes(form.action));
      // Past deadlines, every milestone and final deadline, and only the next report due.
      const timeline = computed(() => {
        if (!d.value) return [];
        let nextReport = false;
        return d.value.deadlines.filter((x) => {
          if (x.kind !== 'report' || x.due < d.value.today) return true;
          if (nextReport) return false;
          nextReport = true;
          return true;
        }).sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
      });
      const deadlineLabel = (x) => {
        if (x.kind === 'milestone') {
          const m = d.value.milestones.find((y) => 'milestone:' + y.id === x.key);
          return t('sv.dl.milestone') + (m ? ':' + m.title : '');
        }
        return t('sv.dl.' + x.kind);
      };
      const evLabel = (k) => (k === 'contribution' ? t('sv.ev.contribution') : t('sv.act.' + k));
      const canEdit = computed(() => d.value && store.hasAccess('coordinate') && d.value.task.status !== 'closed');
      return { id, d, error, loading, form, urge, answer, fileErr, fileEvent, reportEvents, filesOf, ed, openEdit, saveEdit, msErr, orgs, un, openUnits, saveUnits, unitErr, split, openSplit, splitUnits, afterSplit, open, submit, sendUrge, sendAnswer, upload, needsText, evLabel, canEdit, deadlineLabel, timeline, statusLabel, colourLabel, COLOUR_TAG, unitNames, pct, t, IC, store };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="d">
        <page-card>
          <div class="detail-head">
            <h2 data-test="sv-title">{{ d.task.number }} {{ d.task.title }}</h2>
            <el-tag :type="COLOUR_TAG[d.task.colour]" effect="dark" data-test="sv-colour">{{ colourLabel(d.task.colour) }}</el-tag>
            <el-tag type="info" data-test="sv-status">{{ statusLabel(d.task.status) }}</el-tag>
            <span class="head-actions">
              <el-button v-for="a in d.allowed.actions" :key="a" :type="a === 'send_back' || a === 'reopen' ? 'warning' : 'primary'" @click="open(a)" :data-test="'sv-act-' + a">{{ $t('sv.act.' + a) }}</el-button>
              <el-button v-if="d.allowed.urge" type="danger" plain @click="urge.open = true" data-test="sv-urge">{{ $t('sv.urge') }}</el-button>
              <el-button v-if="canEdit" @click="openEdit" data-test="sv-edit">{{ $t('common.edit') }}</el-button>
            </span>
          </div>
          <el-descriptions :column="3" border class="mt">
            <el-descriptions-item :label="$t('sv.region')">{{ d.task.region_name }}</el-descriptions-item>
            <el-descriptions-item :label="$t('sv.due')">{{ d.task.due || '—' }}</el-descriptions-item>
            <el-descriptions-item :label="$t('sv.progress')"><span data-test="sv-progress">{{ pct(d.task.progress) || '—' }}</span></el-descriptions-item>
            <el-descriptions-item :label="$t('sv.reasons')" :span="3"><span data-test="sv-reasons">{{ d.task.reasons.length ? d.task.reasons.join(';') : $t('sv.no_reasons') }}</span></el-descriptions-item>
          </el-descriptions>
          <p v-if="d.description" class="muted mt">{{ d.description }}</p>
          <p v-if="d.task.parent_id" class="mt small"><a class="link" :href="'#/tasks/' + d.task.parent_id" data-test="sv-parent">{{ $t('sv.parent') }} #{{ d.task.parent_id }}</a></p>
        </page-card>
        <page-card>
          <div class="detail-head">
            <h3>{{ $t('sv.units') }}</h3>
            <span class="head-actions"><el-button v-if="canEdit" size="small" @click="openUnits" data-test="sv-edit-units">{{ $t('sv.edit_units') }}</el-button></span>
          </div>
          <el-table :data="d.task.units.concat(d.task.former_units)" border size="small" data-test="sv-units" :row-class-name="({ row }) => row.removed_on ? 'muted' : ''">
            <el-table-column :label="$t('sv.department')" prop="org_name"></el-table-column>
            <el-table-column :label="$t('sv.part')" width="200">
              <template #default="{ row }">{{ $t('sv.part.' + row.part) }}
                <el-tag v-if="row.removed_on" size="small" type="info" class="ml">{{ $t('sv.former', { d: row.removed_on }) }}</el-tag>
                <el-tag v-else-if="row.added_on" size="small" class="ml">{{ $t('sv.added', { d: row.added_on }) }}</el-tag>
              </template>
            </el-table-column>
            <el-table-column :label="$t('sv.person')" prop="person"></el-table-column>
          </el-table>
        </page-card>
        <page-card v-if="d.subtasks.length || canEdit">
          <div class="detail-head">
            <h3>{{ $t('sv.subtasks') }}</h3>
            <span class="head-actions"><el-button v-if="canEdit" size="small" @click="openSplit" data-test="sv-split">{{ $t('sv.split') }}</el-button></span>
          </div>
          <el-table :data="d.subtasks" border size="small" :empty-text="$t('common.empty')" data-test="sv-subtasks">
            <el-table-column :label="$t('sv.colour')" width="100"><template #default="{ row }"><el-tag :type="COLOUR_TAG[row.colour]" size="small">{{ colourLabel(row.colour) }}</el-tag></template></el-table-column>
            <el-table-column :label="$t('sv.task')"><template #default="{ row }"><a class="link" :href="'#/tasks/' + row.id" :data-test="'sv-subtask-' + row.id">{{ row.title }}</a></template></el-table-column>
            <el-table-column :label="$t('sv.lead')"><template #default="{ row }">{{ unitNames(row, ['lead', 'joint']) }}</template></el-table-column>
            <el-table-column :label="$t('sv.due')" prop="due" width="110"></el-table-column>
            <el-table-column :label="$t('sv.status')" width="100"><template #default="{ row }">{{ statusLabel(row.status) }}</template></el-table-column>
          </el-table>
        </page-card>
        <page-card>
          <el-row :gutter="20">
            <el-col :span="12">
              <h3>{{ $t('sv.milestones') }}</h3>
              <el-timeline data-test="sv-timeline">
                <el-timeline-item v-for="x in timeline" :key="x.key" :timestamp="x.due" :type="x.met_on ? 'success' : (x.due < d.today ? 'danger' : 'primary')">
                  {{ deadlineLabel(x) }}
                  <span v-if="x.met_on" class="muted small">· {{ $t('sv.done') }} {{ x.met_on }}</span>
                </el-timeline-item>
              </el-timeline>
            </el-col>
            <el-col :span="12">
              <h3>{{ $t('sv.events') }}</h3>
              <el-timeline data-test="sv-events">
                <el-timeline-item v-for="e in d.events" :key="e.id" :timestamp="e.day + ' · ' + (e.who || e.username)">
                  <strong>{{ evLabel(e.kind) }}</strong><span v-if="e.progress !== null"> {{ pct(e.progress) }}</span>
                  <div v-if="e.text" class="small">{{ e.text }}</div>
                  <div v-for="f in filesOf(e.id)" :key="f.id" class="small"><a class="link" :href="'/api/v1/supervision/files/' + f.id" :data-test="'sv-event-file-' + e.id">📎 {{ f.name }}</a></div>
                </el-timeline-item>
              </el-timeline>
            </el-col>
          </el-row>
        </page-card>
        <page-card>
          <h3>{{ $t('sv.urges') }}</h3>
          <el-table :data="d.urges" border size="small" :empty-text="$t('common.empty')" data-test="sv-urges">
            <el-table-column :label="$t('sv.urge_org')" prop="org_name" width="160"></el-table-column>
            <el-table-column :label="$t('sv.text')" prop="text"></el-table-column>
            <el-table-column :label="$t('sv.answer_due')" prop="answer_due" width="110"></el-table-column>
            <el-table-column :label="$t('sv.answer')">
              <template #default="{ row }">
                <span v-if="row.answered_on" :data-test="'sv-answer-' + row.id">{{ row.answer }} ({{ row.answered_on }})</span>
                <el-button v-else-if="d.allowed.answer_urges.includes(row.id)" size="small" type="primary" @click="Object.assign(answer, { open: true, id: row.id, text: '' })" :data-test="'sv-answer-btn-' + row.id">{{ $t('sv.answer') }}</el-button>
                <el-tag v-else size="small" type="warning">{{ $t('sv.unanswered') }}</el-tag>
              </template>
            </el-table-column>
          </el-table>
        </page-card>
        <page-card>
          <h3>{{ $t('sv.files') }}</h3>
          <ul class="plain" data-test="sv-files">
            <li v-for="f in d.files" :key="f.id"><a class="link" :href="'/api/v1/supervision/files/' + f.id">{{ f.name }}</a> <span class="muted small">{{ Math.ceil(f.size / 1024) }} KB · {{ f.uploaded_by }}</span></li>
          </ul>
          <div v-if="d.allowed.upload">
            <el-select v-if="reportEvents.length" v-model="fileEvent" :placeholder="$t('sv.attach_to')" clearable style="width: 260px" class="mb" data-test="sv-file-event">
              <el-option :label="$t('sv.attach_none')" value=""></el-option>
              <el-option v-for="e in reportEvents" :key="e.id" :label="e.day + ' · ' + evLabel(e.kind) + (e.text ? ':' + e.text.slice(0, 20) : '')" :value="e.id"></el-option>
            </el-select>
            <br v-if="reportEvents.length">
            <input type="file" accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt" @change="upload" data-test="sv-file-input">
            <span class="muted small ml">{{ $t('sv.upload_hint') }}</span>
            <el-alert v-if="fileErr" :title="fileErr" type="error" :closable="false" class="mt" data-test="sv-file-error"></el-alert>
          </div>
        </page-card>
        <page-card>
          <h3>{{ $t('sv.colour_history') }}</h3>
          <el-table :data="d.colour_history" border size="small" data-test="sv-colour-history">
            <el-table-column prop="day" width="120"></el-table-column>
            <el-table-column width="120"><template #default="{ row }"><el-tag :type="COLOUR_TAG[row.colour]" size="small">{{ colourLabel(row.colour) }}</el-tag></template></el-table-column>
            <el-table-column prop="reasons"></el-table-column>
          </el-table>
        </page-card>
      </template>
      <el-dialog v-model="form.open" :title="$t('sv.act.' + form.action)" width="560px">
        <el-form label-width="120px">
          <el-form-item v-if="form.action === 'sign'" :label="$t('sv.person')" :error="form.errs.person"><el-input v-model="form.person" id="sv-person"></el-input></el-form-item>
          <el-form-item v-if="form.action === 'report'" :label="$t('sv.progress_pct')" :error="form.errs.progress"><el-input-number v-model="form.progress" :min="0" :max="100" id="sv-progress-input"></el-input-number></el-form-item>
          <el-form-item v-if="form.action === 'report' && d && d.milestones.length" :label="$t('sv.milestones_done')">
            <el-checkbox-group v-model="form.milestones_done"><el-checkbox v-for="m in d.milestones" :key="m.id" :value="m.id" :disabled="!!m.done_on">{{ m.title }}</el-checkbox></el-checkbox-group>
          </el-form-item>
          <el-form-item v-if="needsText" :label="$t('sv.text')" :error="form.errs.text"><el-input v-model="form.text" type="textarea" :rows="4" id="sv-text"></el-input></el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="form.busy" test="sv-act-confirm" @cancel="form.open = false" @confirm="submit"></dialog-footer></template>
      </el-dialog>
      <el-dialog v-model="ed.open" :title="$t('common.edit')" width="640px">
        <el-form label-width="110px">
          <el-form-item :label="$t('sv.task')" :error="ed.errs.title"><el-input v-model="ed.title" id="sv-edit-title"></el-input></el-form-item>
          <el-form-item :label="$t('sv.due')" :error="ed.errs.due"><el-input v-model="ed.due" placeholder="YYYY-MM-DD" id="sv-edit-due"></el-input></el-form-item>
          <el-form-item v-for="(m, i) in ed.ms" :key="m.id" :label="i === 0 ? $t('sv.milestones_edit') : ''" :error="msErr(m)" :data-test="'sv-edit-ms-' + i">
            <el-input v-model="m.title" :disabled="m.del" style="width: 260px" :id="'sv-edit-ms-title-' + i"></el-input>
            <el-input v-model="m.due" :disabled="m.del || !!m.done_on" :title="m.done_on ? $t('sv.done_locked') : ''" placeholder="YYYY-MM-DD" style="width: 140px; margin-left: 8px" :id="'sv-edit-ms-due-' + i"></el-input>
            <el-button v-if="!m.done_on" link :type="m.del ? 'primary' : 'danger'" class="ml" @click="m.del = !m.del" :data-test="'sv-edit-ms-del-' + i">{{ m.del ? $t('sv.undo') : $t('sv.delete') }}</el-button>
            <el-tag v-if="m.del" size="small" type="danger" class="ml">{{ $t('sv.deleted') }}</el-tag>
            <span v-if="m.done_on" class="muted small ml">{{ $t('sv.done') }} {{ m.done_on }}</span>
          </el-form-item>
          <el-form-item :label="$t('sv.add_milestone')" :error="ed.errs['add_milestones[0].title'] || ed.errs['add_milestones[0].due']">
            <el-input v-model="ed.ms_title" :placeholder="$t('sv.milestone_title')" style="width: 260px" id="sv-edit-ms-title"></el-input>
            <el-input v-model="ed.ms_due" placeholder="YYYY-MM-DD" style="width: 140px; margin-left: 8px" id="sv-edit-ms-due"></el-input>
          </el-form-item>
          <el-form-item v-for="(p, i) in ed.persons" :key="p.org_id" :label="p.org_name" :error="ed.errs['persons[' + i + '].person'] || ed.errs['persons[' + i + '].email']">
            <el-input v-model="p.person" :placeholder="$t('sv.person')" style="width: 130px"></el-input>
            <el-input v-model="p.email" placeholder="E-mail" style="width: 200px; margin-left: 8px"></el-input>
            <el-input v-model="p.phone" :placeholder="$t('sv.phone')" style="width: 140px; margin-left: 8px"></el-input>
          </el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="ed.busy" test="sv-edit-confirm" save @cancel="ed.open = false" @confirm="saveEdit"></dialog-footer></template>
      </el-dialog>
      <el-dialog v-model="un.open" :title="$t('sv.edit_units')" width="760px">
        <el-form label-width="0" data-test="sv-units-form">
          <el-alert :title="$t('sv.units_hint')" type="info" :closable="false" class="mb"></el-alert>
          <el-form-item v-for="(u, i) in un.units" :key="i" :error="unitErr(i)">
            <el-select v-model="u.org_id" filterable style="width: 190px" :data-test="'sv-unit-org-' + i">
              <el-option v-for="o in orgs" :key="o.id" :label="o.name" :value="o.id"></el-option>
            </el-select>
            <el-select v-model="u.part" style="width: 110px; margin-left: 8px" :data-test="'sv-unit-part-' + i">
              <el-option v-for="p in ['lead', 'coop', 'joint']" :key="p" :label="$t('sv.part.' + p)" :value="p"></el-option>
            </el-select>
            <el-input v-model="u.person" :placeholder="$t('sv.person')" style="width: 110px; margin-left: 8px" :id="'sv-unit-person-' + i"></el-input>
            <el-input v-model="u.email" placeholder="E-mail" style="width: 150px; margin-left: 8px"></el-input>
            <el-button link type="danger" class="ml" @click="un.units.splice(i, 1)" :data-test="'sv-unit-remove-' + i">{{ $t('sv.remove') }}</el-button>
          </el-form-item>
          <div v-if="un.errs.units" class="el-form-item__error" style="position: static" data-test="sv-units-error">{{ un.errs.units }}</div>
          <el-button size="small" class="mb" @click="un.units.push({ org_id: '', part: 'coop', person: '', email: '', phone: '' })" data-test="sv-unit-add">{{ $t('sv.add_unit') }}</el-button>
          <el-form-item :error="un.errs.reason"><el-input v-model="un.reason" :placeholder="$t('sv.reason')" id="sv-units-reason"></el-input></el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="un.busy" test="sv-units-confirm" save @cancel="un.open = false" @confirm="saveUnits"></dialog-footer></template>
      </el-dialog>
      <sv-new-task v-if="d" v-model="split" :parent-id="d.task.id" :orgs="orgs" :default-units="splitUnits" @created="afterSplit"></sv-new-task>
      <el-dialog v-model="urge.open" :title="$t('sv.urge')" width="520px">
        <el-form label-width="120px">
          <el-form-item :label="$t('sv.urge_org')" :error="urge.errs.org_id">
            <el-select v-model="urge.org_id" style="width: 100%" data-test="sv-urge-org">
              <el-option v-for="u in (d ? d.task.units : [])" :key="u.org_id" :label="u.org_name" :value="u.org_id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="$t('sv.text')" :error="urge.errs.text"><el-input v-model="urge.text" type="textarea" :rows="3" id="sv-urge-text"></el-input></el-form-item>
          <el-form-item :label="$t('sv.answer_days')" :error="urge.errs.answer_days"><el-input-number v-model="urge.answer_days" :min="1" :max="30"></el-input-number></el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="urge.busy" test="sv-urge-confirm" @cancel="urge.open = false" @confirm="sendUrge"></dialog-footer></template>
      </el-dialog>
      <el-dialog v-model="answer.open" :title="$t('sv.answer')" width="520px">
        <el-form label-width="80px">
          <el-form-item :label="$t('sv.text')" :error="answer.errs.text"><el-input v-model="answer.text" type="textarea" :rows="4" id="sv-answer-text"></el-input></el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="answer.busy" test="sv-answer-confirm" @cancel="answer.open = false" @confirm="sendAnswer"></dialog-footer></template>
      </el-dialog>
    </div>`,
  };

  area.routes.push(
    { path: '/tasks/:id', name: 'task', component: TaskPage, meta: { nav: '/tasks', crumb: [{ key: 'nav.tasks', to: '/tasks' }] } },
  );
});
