/* innocity web UI — supervision: the new task / sub-task dialog. */
'use strict';
IC.module('supervision', ({ t, api }) => {
  const { reactive, ref, watch } = Vue;

  // ------------------------------------------------------------------ new task / sub-task
  /* A dialog creating a task by hand (with a participant) or a sub-task (parent-id): title,
   * deadline, units with their parts and persons, one optional milestone. Emits `created`
   * with the new task's detail. */
  IC.components.SvNewTask = {
    props: { modelValue: Boolean, parentId: { type: Number, default: null }, orgs: { type: Array, default: () => [] }, defaultUnits: { type: Array, default: () => [] } },
    emits: ['update:modelValue', 'created'],
    setup(props, { emit }) {
      const f = reactive({ participant_id: '', title: '', due: '', ms_title: '', ms_due: '', units: [], busy: false });
      const errs = reactive({});
      const participants = ref([]);
      watch(() => props.modelValue, async (open) => {
        if (!open) return;
        Object.assign(f, { participant_id: '', title: '', due: '', ms_title: '', ms_due: '',
          units: props.defaultUnits.length ? props.defaultUnits.map((u) => ({ org_id: u.org_id, part: u.part, person: '' })) : [{ org_id: '', part: 'lead', person: '' }] });
        Object.keys(errs).forEach((k) => { delete errs[k]; });
        if (!props.parentId && !participants.value.length) {
          try { participants.value = (await api.get('/participants', { per_page: 200 })).items; } catch (e) { /* none */ }
        }
      });
      async function save() {
        f.busy = true;
        try {
          const body = {
            title: f.title, due: f.due || null,
            units: f.units.filter((u) => u.org_id !== '').map((u) => ({ org_id: Number(u.org_id), part: u.part, person: u.person || null })),
            milestones: f.ms_title || f.ms_due ? [{ title: f.ms_title, due: f.ms_due }] : [],
          };
          if (props.parentId) body.parent_id = props.parentId; else body.participant_id = f.participant_id ? Number(f.participant_id) : null;
          const d = await api.post('/supervision/tasks', body);
          ElementPlus.ElMessage.success(t('sv.created'));
          emit('update:modelValue', false);
          emit('created', d);
        } catch (e) {
          Object.keys(errs).forEach((k) => { delete errs[k]; });
          if (e.fields) Object.assign(errs, e.fields);
        } finally { f.busy = false; }
      }
      const pname = (p) => (p.region && p.region.name ? p.region.name : (p.region_name || ('#' + p.id))) + (p.theme ? ' · ' + p.theme : '');
      return { f, errs, participants, save, pname, t, emit };
    },
    template: `<el-dialog :model-value="modelValue" @update:model-value="emit('update:modelValue', $event)" :title="parentId ? $t('sv.split') : $t('sv.new_task')" width="680px">
      <el-form label-width="110px" data-test="sv-new-form">
        <el-form-item v-if="!parentId" :label="$t('sv.participant')" :error="errs.participant_id">
          <el-select v-model="f.participant_id" filterable style="width: 100%" data-test="sv-new-participant">
            <el-option v-for="p in participants" :key="p.id" :label="pname(p)" :value="p.id"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="$t('sv.task')" :error="errs.title"><el-input v-model="f.title" id="sv-new-title"></el-input></el-form-item>
        <el-form-item :label="$t('sv.due')" :error="errs.due"><el-input v-model="f.due" placeholder="YYYY-MM-DD" id="sv-new-due"></el-input></el-form-item>
        <el-form-item :label="$t('sv.units')" :error="errs.units">
          <div v-for="(u, i) in f.units" :key="i" class="mb" style="width: 100%">
            <el-select v-model="u.org_id" filterable style="width: 200px" :data-test="'sv-new-org-' + i">
              <el-option v-for="o in orgs" :key="o.id" :label="o.name" :value="o.id"></el-option>
            </el-select>
            <el-select v-model="u.part" style="width: 110px; margin-left: 8px" :data-test="'sv-new-part-' + i">
              <el-option v-for="p in ['lead', 'coop', 'joint']" :key="p" :label="$t('sv.part.' + p)" :value="p"></el-option>
            </el-select>
            <el-input v-model="u.person" :placeholder="$t('sv.person')" style="width: 120px; margin-left: 8px"></el-input>
            <el-button link type="danger" class="ml" @click="f.units.splice(i, 1)">{{ $t('sv.remove') }}</el-button>
            <div v-if="errs['units[' + i + '].org_id'] || errs['units[' + i + '].part']" class="el-form-item__error" style="position: static">{{ errs['units[' + i + '].org_id'] || errs['units[' + i + '].part'] }}</div>
          </div>
          <el-button size="small" @click="f.units.push({ org_id: '', part: 'coop', person: '' })" data-test="sv-new-add-unit">{{ $t('sv.add_unit') }}</el-button>
        </el-form-item>
        <el-form-item :label="$t('sv.add_milestone')" :error="errs['milestones[0].title'] || errs['milestones[0].due']">
          <el-input v-model="f.ms_title" :placeholder="$t('sv.milestone_title')" style="width: 260px" id="sv-new-ms-title"></el-input>
          <el-input v-model="f.ms_due" placeholder="YYYY-MM-DD" style="width: 140px; margin-left: 8px" id="sv-new-ms-due"></el-input>
        </el-form-item>
      </el-form>
      <template #footer><dialog-footer :busy="f.busy" test="sv-new-confirm" @cancel="emit('update:modelValue', false)" @confirm="save"></dialog-footer></template>
    </el-dialog>`,
  };
});
