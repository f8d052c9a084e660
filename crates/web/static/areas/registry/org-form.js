/* innocity web UI — registry: the organisation form (新增/编辑机构), also used by plan import. */
'use strict';
IC.module('registry', ({ t, api, rules }) => {
  const { reactive, ref, computed, watch, nextTick } = Vue;

  // ------------------------------------------------------------------ organisations
  const OrgForm = {
    props: { modelValue: Boolean, org: Object },
    emits: ['update:modelValue', 'saved'],
    setup(props, { emit }) {
      const form = reactive({ name: '', kind: '', region_code: '', aliases: [] });
      const errs = reactive({ name: '', kind: '', region_code: '', aliases: '' });
      const formRef = ref(null);
      const saving = ref(false);
      const open = computed({ get: () => props.modelValue, set: (v) => emit('update:modelValue', v) });
      watch(() => props.modelValue, (v) => {
        if (!v) return;
        const o = props.org;
        Object.assign(form, o ? { name: o.name, kind: o.kind, region_code: o.region ? o.region.code : '', aliases: (o.aliases || []).slice() }
          : { name: '', kind: '', region_code: '', aliases: [] });
        IC.clearFieldErrors(errs);
        nextTick(() => formRef.value && formRef.value.clearValidate());
      });
      const formRules = computed(() => ({ name: [rules.required(), rules.max(200)], kind: [rules.required('change')], region_code: [rules.required('change')] }));
      const save = () => IC.submitForm(formRef, errs, (b) => (saving.value = b), async () => {
        const body = { name: form.name.trim(), kind: form.kind, region_code: form.region_code, aliases: form.aliases.map((a) => a.trim()).filter(Boolean) };
        const r = props.org ? await api.put('/orgs/' + props.org.id, body) : await api.post('/orgs', body);
        ElementPlus.ElMessage.success(t('common.saved'));
        open.value = false;
        emit('saved', r && (r.org || r));
      });
      return { form, errs, formRef, formRules, saving, open, save, t, IC };
    },
    template: `<el-dialog v-model="open" :title="org ? $t('org.edit') : $t('org.create')" width="600px" append-to-body>
      <el-form ref="formRef" :model="form" :rules="formRules" label-width="110px" @submit.prevent="save">
        <el-form-item :label="$t('org.name')" prop="name" :error="errs.name"><el-input id="org-name" v-model="form.name"></el-input></el-form-item>
        <el-form-item :label="$t('org.kind')" prop="kind" :error="errs.kind">
          <el-select v-model="form.kind" style="width: 100%" data-test="org-kind"><el-option v-for="o in IC.codeOptions('org_kinds')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="$t('org.region')" prop="region_code" :error="errs.region_code"><region-select v-model="form.region_code" :clearable="false"></region-select></el-form-item>
        <el-form-item :label="$t('org.aliases')" prop="aliases" :error="errs.aliases">
          <el-select v-model="form.aliases" multiple filterable allow-create default-first-option :reserve-keyword="false" :placeholder="$t('org.aliases_ph')" style="width: 100%" data-test="org-aliases"></el-select>
        </el-form-item>
      </el-form>
      <template #footer>
        <el-button @click="open = false" data-test="org-cancel">{{ $t('common.cancel') }}</el-button>
        <el-button type="primary" :loading="saving" @click="save" data-test="org-save">{{ $t('common.save') }}</el-button>
      </template>
    </el-dialog>`,
  };
  IC.components.OrgForm = OrgForm;
});
