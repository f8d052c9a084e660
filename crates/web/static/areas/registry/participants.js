/* innocity web UI — registry: participants list (建设主体). */
'use strict';
IC.module('registry', ({ t, area }) => {

  // ------------------------------------------------------------------ participants list
  const ParticipantsPage = {
    setup() {
      const route = VueRouter.useRoute();
      const initial = Object.assign({}, route.query);
      if (initial.programme_id && /^\d+$/.test(initial.programme_id)) initial.programme_id = Number(initial.programme_id);
      return { initial, t };
    },
    template: `<page-card :title="$t('nav.participants')"><participant-table :initial="initial"></participant-table></page-card>`,
  };

  area.routes.push(
    { path: '/participants', name: 'participants', component: ParticipantsPage, meta: { nav: '/participants', crumb: [{ key: 'nav.participants' }] } },
  );
});
