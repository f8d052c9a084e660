/* innocity web UI — library: the indicator form (新增/编辑指标). */
'use strict';
IC.module('library', ({ t, api, rules, store, area }) => {
  const { reactive, ref, computed, watch, nextTick } = Vue;

  // ------------------------------------------------------------------ indicators
  const IndicatorForm = {
    props: { modelValue: Boolean, indicator: Object },
    emits: ['update:modelValue', 'saved'],
    setup(props, { emit }) {
      const empty = () => ({ code: '', name_zh: '', name_en: '', synonyms: [], unit: '', direction: 'positive', definition: '', source_dept: '', formula: '', aggregation: 'latest', unverified: false });
      const form = reactive(empty());
      const errs = reactive({ code: '', name_zh: '', name_en: '', synonyms: '', unit: '', direction: '', definition: '', source_dept: '', formula: '', aggregation: '' });
      const formRef = ref(null);
      const saving = ref(false);
      const open = computed({ get: () => props.modelValue, set: (v) => emit('update:modelValue', v) });
      watch(() => props.modelValue, (v) => {
        if (!v) return;
        const i = props.indicator;
        Object.assign(form, empty(), i ? JSON.parse(JSON.stringify(i)) : {});
        if (!Array.isArray(form.synonyms)) form.synonyms = [];
        ['unit', 'definition', 'source_dept', 'formula', 'name_en'].forEach((k) => { if (form[k] === null || form[k] === undefined) form[k] = ''; });
        IC.clearFieldErrors(errs);
        nextTick(() => formRef.value && formRef.value.clearValidate());
      });
      const formRules = computed(() => ({
        code: [rules.required(), rules.max(64), { pattern: /^[A-Za-z0-9_.-]+$/, message: () => (store.lang === 'en' ? 'Letters, digits, _ . - only' : '只能包含字母、数字和 _ . -'), trigger: 'blur' }],
        name_zh: [rules.required(), rules.max(200)],
        name_en: [rules.required(), rules.max(200)],
        direction: [rules.required('change')],
        aggregation: [rules.required('change')],
      }));
      const save = () => IC.submitForm(formRef, errs, (b) => (saving.value = b), async () => {
        const body = {
          code: form.code.trim(), name_zh: form.name_zh.trim(), name_en: form.name_en.trim(),
          synonyms: form.synonyms.map((s) => s.trim()).filter(Boolean), unit: form.unit.trim() || null,
          direction: form.direction, definition: form.definition, source_dept: form.source_dept, formula: form.formula,
          aggregation: form.aggregation, unverified: !!form.unverified,
        };
        const r = props.indicator ? await api.put('/indicators/' + props.indicator.id, body) : await api.post('/indicators', body);
        ElementPlus.ElMessage.success(t('common.saved'));
        open.value = false;
        emit('saved', r && (r.indicator || r));
      });
      return { form, errs, formRef, formRules, saving, open, save, t, IC };
    },
    template: `<el-dialog v-model="open" :title="indicator ? $t('ind.edit') : $t('ind.create')" width="760px" append-to-body top="6vh">
      <el-form ref="formRef" :model="form" :rules="formRules" label-width="150px" @submit.prevent="save">
        <el-row :gutter="12">
          <el-col :span="12"><el-form-item :label="$t('ind.code')" prop="code" :error="errs.code"><el-input id="ind-code" v-model="form.code"></el-input></el-form-item></el-col>
          <el-col :span="12"><el-form-item :label="$t('ind.unit')" prop="unit" :error="errs.unit"><el-input v-model="form.unit" placeholder="%"></el-input></el-form-item></el-col>
        </el-row>
        <el-form-item :label="$t('ind.name_zh')" prop="name_zh" :error="errs.name_zh"><el-input id="ind-name-zh" v-model="form.name_zh"></el-input></el-form-item>
        <el-form-item :label="$t('ind.name_en')" prop="name_en" :error="errs.name_en"><el-input id="ind-name-en" v-model="form.name_en"></el-input></el-form-item>
        <el-form-item :label="$t('ind.synonyms')" prop="synonyms" :error="errs.synonyms">
          <el-select v-model="form.synonyms" multiple filterable allow-create default-first-option :reserve-keyword="false" :placeholder="$t('ind.synonyms_ph')" style="width: 100%" data-test="ind-synonyms"></el-select>
        </el-form-item>
        <el-row :gutter="12">
          <el-col :span="12"><el-form-item :label="$t('ind.direction')" prop="direction" :error="errs.direction">
            <el-select v-model="form.direction" style="width: 100%"><el-option v-for="o in IC.codeOptions('directions')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item></el-col>
          <el-col :span="12"><el-form-item :label="$t('ind.aggregation')" prop="aggregation" :error="errs.aggregation">
            <el-select v-model="form.aggregation" style="width: 100%"><el-option v-for="o in IC.codeOptions('aggregations')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item></el-col>
        </el-row>
        <el-form-item :label="$t('ind.source_dept')" prop="source_dept" :error="errs.source_dept"><el-input v-model="form.source_dept"></el-input></el-form-item>
        <el-form-item :label="$t('ind.formula')" prop="formula" :error="errs.formula"><el-input v-model="form.formula" placeholder="rd_expenditure / gdp * 100"></el-input></el-form-item>
        <el-form-item :label="$t('ind.definition')" prop="definition" :error="errs.definition"><el-input v-model="form.definition" type="textarea" :rows="3"></el-input></el-form-item>
        <el-form-item :label="$t('ind.unverified')"><el-switch v-model="form.unverified"></el-switch></el-form-item>
      </el-form>
      <template #footer>
        <el-button @click="open = false" data-test="ind-cancel">{{ $t('common.cancel') }}</el-button>
        <el-button type="primary" :loading="saving" @click="save" data-test="ind-save">{{ $t('common.save') }}</el-button>
      </template>
    </el-dialog>`,
  };
  area.IndicatorForm = IndicatorForm;
});
