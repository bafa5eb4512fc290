// The six UN languages. Titles come translated from the API (the `lang` argument and
// Accept-Language); the words of the page itself are these.
export const LANGS = [
  { tag: 'ar', name: 'العربية', dir: 'rtl' },
  { tag: 'zh-Hans', name: '中文', dir: 'ltr' },
  { tag: 'en', name: 'English', dir: 'ltr' },
  { tag: 'fr', name: 'Français', dir: 'ltr' },
  { tag: 'ru', name: 'Русский', dir: 'ltr' },
  { tag: 'es', name: 'Español', dir: 'ltr' },
];

const words = {
  title: { en: 'WSIS–SDG explorer', fr: 'Explorateur SMSI–ODD', es: 'Explorador CMSI–ODS', ru: 'Обозреватель ВВУИО–ЦУР', ar: 'مستكشف القمة العالمية وأهداف التنمية المستدامة', 'zh-Hans': '信息社会世界峰会–可持续发展目标浏览器' },
  matrix: { en: 'Matrix', fr: 'Matrice', es: 'Matriz', ru: 'Матрица', ar: 'المصفوفة', 'zh-Hans': '矩阵' },
  graph: { en: 'Graph', fr: 'Graphe', es: 'Grafo', ru: 'Граф', ar: 'الشبكة', 'zh-Hans': '关系图' },
  charts: { en: 'Prizes and projects', fr: 'Prix et projets', es: 'Premios y proyectos', ru: 'Премии и проекты', ar: 'الجوائز والمشاريع', 'zh-Hans': '奖项与项目' },
  language: { en: 'Language', fr: 'Langue', es: 'Idioma', ru: 'Язык', ar: 'اللغة', 'zh-Hans': '语言' },
  playground: { en: 'Playground', fr: 'Bac à sable', es: 'Entorno de pruebas', ru: 'Песочница', ar: 'ساحة التجربة', 'zh-Hans': '查询编辑器' },
  goal: { en: 'Goal', fr: 'Objectif', es: 'Objetivo', ru: 'Цель', ar: 'الهدف', 'zh-Hans': '目标' },
  actionLine: { en: 'Action line', fr: 'Grande orientation', es: 'Línea de acción', ru: 'Направление деятельности', ar: 'خط العمل', 'zh-Hans': '行动方针' },
  total: { en: 'Total', fr: 'Total', es: 'Total', ru: 'Итого', ar: 'المجموع', 'zh-Hans': '合计' },
  targets: { en: 'Targets', fr: 'Cibles', es: 'Metas', ru: 'Задачи', ar: 'الغايات', 'zh-Hans': '具体目标' },
  projects: { en: 'Projects', fr: 'Projets', es: 'Proyectos', ru: 'Проекты', ar: 'المشاريع', 'zh-Hans': '项目' },
  prizes: { en: 'Prizes', fr: 'Prix', es: 'Premios', ru: 'Премии', ar: 'الجوائز', 'zh-Hans': '奖项' },
  linkages: { en: 'Linkages', fr: 'Liens', es: 'Vínculos', ru: 'Связи', ar: 'الروابط', 'zh-Hans': '关联' },
};

// t is the page's word for key in lang, English when there is none.
export function t(key, lang) {
  const w = words[key];
  if (!w) return key;
  return w[lang] || w.en;
}

export function langInfo(tag) {
  return LANGS.find((l) => l.tag === tag) || LANGS[2];
}
