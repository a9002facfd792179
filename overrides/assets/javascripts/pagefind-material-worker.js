/*
 * Worker de busca: o Material pergunta, o Pagefind responde.
 *
 * O Material for MkDocs roda a busca num Web Worker e conversa com ele por mensagens
 * (src/templates/assets/javascripts/integrations/search/worker/message no Material):
 *
 *   SETUP (0)  -> o worker responde READY (1)
 *   QUERY (2)  -> o worker responde RESULT (3) com { items: SearchItem[][] }
 *
 * `overrides/main.html` aponta o endereço `search` da configuração do Material para
 * este arquivo. Assim o diálogo, o campo, a lista de resultados e todo o teclado
 * continuam os do Material; só o motor troca do lunr para o Pagefind, que dobra
 * acentos (`funcao` acha `função`), reduz ao radical em português (`treinar` acha
 * `treinamento`) e devolve trechos com <mark> e sub-resultados por seção (âncoras).
 *
 * Cada item de resultado é um grupo [documentos de uma página]: o documento sem `#`
 * no endereço é a página (título h1 no resultado); os demais são seções (h2). O
 * Material mostra a seção de maior nota logo abaixo do título da página e recolhe as
 * outras em "mais N"; o Enter abre o link de maior `data-md-score`. Por isso a melhor
 * seção de cada página recebe a maior nota do grupo, e as notas caem de página em
 * página: o Enter leva direto à seção certa do primeiro resultado.
 *
 * Endereços: com `baseUrl: "/"`, o Pagefind devolve `/caminho/#ancora`, relativo à
 * raiz do índice. O Material resolve o `location` de cada documento contra a base
 * do site (`new URL(location, config.base)`), então a barra inicial é removida e a
 * busca funciona também num subcaminho. O próprio Pagefind acha seus arquivos a
 * partir do endereço de `pagefind.js`, carregado relativo a este worker.
 *
 * Idioma: dentro de um worker não há `document`, e o Pagefind não lê `<html lang>`;
 * com um único idioma no índice (pt) ele usa esse índice e o seu radicalizador.
 */
"use strict"

/* Tipos de mensagem do Material (SearchMessageType) */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* Índice gerado por scripts/hooks/pagefind_index.py em <site>/pagefind/ */
const PAGEFIND_URL = new URL("../../pagefind/pagefind.js", self.location.href).href

/* Tabela de páginas do índice: id do Pagefind -> [endereço, título]. Vazia aqui; o
   mesmo hook a escreve na cópia do worker publicada no site. Uma página fora dela
   (worker antigo em cache) carrega o fragmento, como as primeiras. */
const PAGES = {}

const MAX_PAGES = 10      /* páginas listadas por consulta */
const EXCERPT_PAGES = 3   /* as primeiras, com trecho e seções (ver `search`) */
const MAX_SECTIONS = 8    /* seções mostradas por página */
const SETTLE_MS = 300     /* pausa na digitação antes de carregar fragmentos */
const EXCERPT_WORDS = 24  /* tamanho dos trechos */
const MIN_COVERAGE = 0.5  /* fração mínima das palavras da consulta numa página */

/* Metadados gravados por overrides/main.html. O peso de um metadado multiplica o
   IDF das palavras da consulta que ele contém (Pagefind 1.5): o título (h1) pesa
   8x, as palavras-chave de busca da página (`search.keywords` no front matter:
   sinônimos, o nome em inglês) 2x, as tags (as palavras-chave do perfil) 2x e a
   descrição 1x. Assim a página sobre um assunto vem antes das que só o citam.
   Medido nas consultas de tests/search/ (conjunto antigo e a parte `tune` do
   held-out): título 5 a 8 e palavras-chave 2 a 3 dão o mesmo resultado; sem as
   palavras-chave (peso 0), três consultas a menos. */
const RANKING = {
  metaWeights: { title: 8.0, keywords: 2.0, tags: 2.0, description: 1.0 }
}

/* Frases: a nota de uma página é multiplicada por 1 + PHRASE_BONUS x (a fração dos
   pares de palavras vizinhas da consulta que aparecem lado a lado na página). */
const PHRASE_BONUS = 1.0

/* Título: e por 1 + TITLE_BONUS x (a fração das palavras da consulta que estão no
   título da página). O peso do título no Pagefind multiplica o IDF da palavra, que
   é quase nulo para as palavras que todo o site usa: "tensor" no título de
   "Básico: tensores e autograd" pesava menos que "TensorFlow" citado noutra. */
const TITLE_BONUS = 1.0

let pagefind = null       /* Promise do módulo, carregado na primeira consulta */
let generation = 0        /* número da consulta mais recente */
let suggestions = false   /* recurso `search.suggest` do Material, avisado no SETUP */
let queue = Promise.resolve()

function loadPagefind() {
  if (pagefind === null)
    pagefind = import(PAGEFIND_URL).then(async module => {
      /* `baseUrl: "/"`: endereços relativos à raiz do índice, nunca absolutos */
      await module.options({
        baseUrl: "/", excerptLength: EXCERPT_WORDS, ranking: RANKING
      })
      await module.init()
      return module
    })
  return pagefind
}

/* Uma consulta por vez: o Pagefind devolve o MESMO objeto de página (mutável) a
   cada `data()`, então duas consultas intercaladas poderiam trocar os trechos uma
   da outra. Consultas superadas enquanto esperavam na fila nem chegam a rodar. */
function exclusive(task) {
  const run = queue.then(task, task)
  queue = run.catch(() => {})
  return run
}

function escapeHTML(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

/* Os trechos do Pagefind já trazem `<` e `>` escapados e <mark> em volta das
   palavras encontradas; falta só escapar `&` solto. */
function excerptHTML(excerpt) {
  return `<p>${String(excerpt || "").replace(/&(?!lt;|gt;)/g, "&amp;")}</p>`
}

/* `/tutoriais/basico/#x` -> `tutoriais/basico/#x` (relativo à base do site) */
function relative(url) {
  return String(url).replace(/^\/+/, "")
}

/* ----------------------------------------------------------------------------
 * Consulta com várias palavras
 *
 * O Pagefind faz E entre as palavras que existem no índice: basta uma palavra de
 * uma mensagem de erro colada ("Tried to allocate 2.00 GiB") faltar na página
 * certa, mas existir em outra, para a página certa sumir. Aqui cada palavra é
 * buscada sozinha (o Pagefind já dobra acentos, reduz ao radical e casa prefixos)
 * e a nota da página é a soma das notas das palavras que ela contém, multiplicada
 * pela fração de palavras encontradas ao quadrado: quem tem todas continua na
 * frente, quem tem quase todas ainda aparece (quem tem menos da metade, não). Cada
 * palavra sozinha perde a ordem da consulta, então a nota é multiplicada também
 * pela fração dos pares de palavras vizinhas que a página tem lado a lado: o título
 * "Modelo não treina" vence páginas que só têm "modelo", "não" e "treina" soltos.
 * Os trechos vêm de uma busca E só com as palavras que a página contém, para que
 * todas venham marcadas.
 * ------------------------------------------------------------------------- */

/* Palavras que só ligam as outras ("o que é", "como", "para", "of", "the"). Numa
   consulta com outras palavras elas não contam: estão em quase toda página, então a
   soma das notas premiava a página mais longa, e a página certa que não as tivesse
   perdia pela fração de palavras encontradas. */
const STOP_WORDS = new Set([
  "que", "qual", "quais", "quanto", "quanta", "quantos", "quantas", "quando",
  "onde", "como", "porque", "por", "para", "pra", "pro", "com", "sem", "sobre",
  "uma", "umas", "uns", "dos", "das", "nos", "nas", "num", "numa", "aos", "pelo",
  "pela", "pelos", "pelas", "entre", "até", "ele", "ela", "eles", "elas", "isso",
  "isto", "esse", "essa", "este", "esta", "meu", "minha", "meus", "minhas", "seu",
  "sua", "seus", "suas", "mais", "muito", "também", "ainda", "ser", "estar",
  "está", "são", "foi", "tem", "ter", "faz", "fazer", "vou", "pode", "posso",
  "the", "and", "for", "with", "from", "how", "what", "when", "why", "who",
  "which", "does", "are", "was", "were", "been", "not", "but", "this", "that",
  "its", "into", "all", "any", "you", "your", "can", "has", "have", "will",
  "should", "would", "than", "then", "there", "vs"
])

/* Palavras da consulta, sem pontuação nas pontas e sem repetição. Parênteses
   separam palavras: uma chamada colada (`set_detect_anomaly(True)`) vale pelo nome
   e pelo argumento, cada um buscado sozinho. Palavras de uma ou duas letras ("o",
   "é", "de", "da", "em") e as de `STOP_WORDS` só contam quando a consulta não tem
   outras: buscadas sozinhas, o Pagefind trata as curtas como prefixo e elas casam
   quase toda palavra do site ("de" casa "desempenho", "dependências"...). As
   curtas com algarismo (`m1`, `3d`) contam sempre: nenhuma palavra comum começa
   assim. */
function tokens(query) {
  const seen = new Set()
  for (const raw of query.toLowerCase().split(/[\s()]+/)) {
    const token = raw.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, "")
    if (token)
      seen.add(token)
  }
  const long = [...seen].filter(token => token.length > 2 || /\p{N}/u.test(token))
  const content = long.filter(token => !STOP_WORDS.has(token))
  return content.length ? content : long.length ? long : [...seen]
}

/* Palavra que o índice não tem. O Pagefind casa prefixos, não palavras parecidas;
   quando nenhuma palavra carregada começa pelo termo, ele responde com a palavra
   carregada mais longa que é prefixo do termo ("o", "over", "30" para "3060"):
   resultados que dependem do que foi buscado antes e nada têm com a consulta. Uma
   palavra de letras e algarismos que não existe inteira no índice (a busca exata,
   entre aspas, não acha nada) e cuja resposta não muda com um caractere a mais
   (`overfiting0` cai na mesma palavra curta) é tratada como ausente. Se for só de
   letras, com seis ou mais, é um erro de digitação: é buscada pelo começo, com até
   três letras a menos e nunca menos de cinco (`overfit` acha `overfitting`).
   Identificadores (`nn.dropout`) ficam como o Pagefind os responde: a busca exata
   nunca os casa, e as suas partes são buscadas à parte (`variants`). */
function pageSet(response) {
  return (response ? response.results : []).map(result => result.id).sort().join(" ")
}

async function searchWord(module, word) {
  const response = await module.search(word)
  if (!/^[\p{L}\p{N}]+$/u.test(word))
    return response
  let fallback = ""
  if (response && response.results.length) {
    const exact = await module.search(`"${word}"`)
    if (exact && exact.results.length)
      return response
    fallback = pageSet(response)
    if (pageSet(await module.search(word + "0")) !== fallback)
      return response
  }
  if (/^\p{L}+$/u.test(word))
    for (let cut = 1; cut <= 3 && word.length - cut >= 5; cut++) {
      const shorter = await module.search(word.slice(0, -cut))
      if (shorter && shorter.results.length && pageSet(shorter) !== fallback)
        return shorter
    }
  /* A resposta é a da palavra curta carregada antes (`ler` para `lerning`): a
     palavra fica sem páginas, como uma que o índice não tem. */
  return fallback ? { ...response, results: [] } : response
}

/* `torch.amp.GradScaler("cuda")` também vale pelas partes: `torch`, `gradscaler`…
   (e `x.requires_grad` por `requires_grad`). Partes de uma ou duas letras (`nn` de
   `nn.Conv2d`) ficam de fora: como prefixo, casam quase tudo. */
function variants(token) {
  const parts = token.split(/[^\p{L}\p{N}_]+/u).filter(part => part.length > 2)
  return [...new Set([token, ...parts])]
}

/* Pares de palavras vizinhas da consulta, como o leitor as escreveu (com acentos e
   palavras curtas: "modelo não treina"), menos os pares só de palavras de ligação. */
function phrases(query) {
  const raw = query.toLowerCase().split(/\s+/)
    .map(word => word.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, ""))
    .filter(Boolean)
  const content = word => word.length > 2 && !STOP_WORDS.has(word)
  const pairs = []
  for (let i = 0; i + 1 < raw.length; i++)
    if (content(raw[i]) || content(raw[i + 1]))
      pairs.push(`${raw[i]} ${raw[i + 1]}`)
  return [...new Set(pairs)]
}

/* Quantos pares de `phrases` cada página tem lado a lado (busca exata, entre aspas:
   as palavras já estão nos blocos do índice carregados pela busca de cada uma). */
async function phraseCounts(module, pairs) {
  const counts = new Map()
  const responses = await Promise.all(pairs.map(pair => module.search(`"${pair}"`)))
  for (const response of responses)
    for (const result of response ? response.results : [])
      counts.set(result.id, (counts.get(result.id) || 0) + 1)
  return counts
}

async function rank(module, query) {
  const words = tokens(query)
  const exact = /^\s*".+"\s*$/.test(query)
  /* Uma palavra só, sem partes (`overfitting`, `cuda`): a nota do Pagefind. Um
     identificador (`loss.backward()`, `nn.Conv2d`) segue pelo caminho abaixo, que
     também vale pelas partes. */
  if (exact || (words.length < 2 && variants(words[0] || "").length < 2)) {
    const response = exact
      ? await module.search(query) : await searchWord(module, words[0] || query)
    return (response ? response.results : [])
      .map(result => ({
        result, words,
        score: result.score * (1 + TITLE_BONUS * titleShare(result.id, words))
      }))
      .sort((a, b) => b.score - a.score)
  }

  /* Nota de cada palavra (a melhor entre suas variantes) em cada página. Uma parte
     de identificador que está em mais da metade das páginas (`torch` de
     `torch.autograd.set_detect_anomaly`) não diz nada sobre a página: não conta. */
  const common = Object.keys(PAGES).length / 2 || Infinity
  const perWord = await Promise.all(words.map(async word => {
    const best = new Map()
    const responses = await Promise.all(variants(word)
      .map(v => v === word ? searchWord(module, v) : module.search(v)))
    for (const [i, response] of responses.entries())
      for (const result of response && (i === 0 || response.results.length <= common)
        ? response.results : [])
        if (!best.has(result.id) || best.get(result.id).score < result.score)
          best.set(result.id, result)
    return [word, best]
  }))
  /* Palavras que o índice não tem (um erro de digitação que nem o começo salvou)
     não estão em página nenhuma: não contam na fração de palavras encontradas nem
     na de palavras do título. */
  const found = perWord.filter(([, best]) => best.size > 0).map(([word]) => word)
  const known = found.length || 1

  const pages = new Map()
  for (const [word, best] of perWord)
    for (const [id, result] of best) {
      const page = pages.get(id) || { result, sum: 0, words: [] }
      page.sum += result.score
      page.words.push(word)
      pages.set(id, page)
    }
  /* Páginas que só casam uma minoria das palavras (um "of" que casou "oficiais")
     ficam de fora: são ruído, não resposta. */
  const pairs = phrases(query)
  const near = await phraseCounts(module, pairs)
  return [...pages.values()]
    .filter(page => page.words.length / known >= MIN_COVERAGE)
    .map(page => ({
      result: page.result,
      words: page.words,
      score: page.sum * (page.words.length / known) ** 2
        * (1 + PHRASE_BONUS * (near.get(page.result.id) || 0) / Math.max(1, pairs.length))
        * (1 + TITLE_BONUS * titleShare(page.result.id, found))
    }))
    .sort((a, b) => b.score - a.score)
}

/* Fração de `words` no título da página (da tabela `PAGES`), sem acento: uma
   palavra do título vale quando começa como a da consulta até duas letras antes do
   fim desta, e no mínimo quatro letras (`tensor` e `tensores`, `tutorial` e
   `tutoriais`, `gan` e `gans`). */
function titleShare(id, words) {
  if (!PAGES[id] || !words.length)
    return 0
  const title = fold(PAGES[id][1]).split(/[^\p{L}\p{N}_]+/u).filter(Boolean)
  const inTitle = word => {
    const folded = fold(word)
    const n = Math.min(folded.length, Math.max(4, folded.length - 2))
    return title.some(t => t.slice(0, n) === folded.slice(0, n))
  }
  return words.filter(inTitle).length / words.length
}

/* O resultado do Pagefind da página com todas as palavras que ela contém */
async function fullMatch(module, hit, cache) {
  if (hit.words.length < 2)
    return hit.result
  const key = hit.words.join(" ")
  if (!cache.has(key))
    cache.set(key, module.search(key))
  const response = await cache.get(key)
  const match = (response ? response.results : []).find(r => r.id === hit.result.id)
  return match || hit.result
}

/* Cópia simples do que interessa do objeto de página (que o Pagefind reaproveita) */
function snapshot(page) {
  return {
    url: page.url,
    title: page.meta && page.meta.title ? page.meta.title : page.url,
    excerpt: page.excerpt,
    sub_results: (page.sub_results || []).map(sub => ({
      url: sub.url,
      title: sub.title,
      excerpt: sub.excerpt,
      weight: (sub.weighted_locations || [])
        .reduce((total, location) => total + (location.balanced_score || 0), 0)
    }))
  }
}

/* ----------------------------------------------------------------------------
 * Página do Pagefind -> grupo de SearchItem do Material
 * ------------------------------------------------------------------------- */

/* Palavras marcadas nos trechos: viram os termos que o Material destaca na página
   de destino (parâmetro `h`, recurso `search.highlight`), na forma do texto, com
   acento: `função` para a consulta `funcao`. Só as partes parecidas com alguma
   palavra da consulta, para não destacar `torch` em `torch.amp.GradScaler`. */
function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
}

function markedTerms(excerpts, words) {
  const wanted = words.flatMap(variants).map(fold)
  const terms = {}
  for (const excerpt of excerpts)
    for (const [, marked] of String(excerpt || "").matchAll(/<mark>(.*?)<\/mark>/g))
      for (const part of marked.split(/[^\p{L}\p{N}_]+/u)) {
        const folded = fold(part)
        if (part.length > 1 && wanted.some(w => {
          const n = Math.min(4, w.length, folded.length)
          return folded.slice(0, n) === w.slice(0, n)
        }))
          terms[part.toLowerCase()] = true
      }
  return terms
}

/* Página listada só pelo título (sem fragmento): o leitor vê o título, e o
   destaque na página de destino usa as palavras da consulta. */
function listed(id) {
  const [url, title] = PAGES[id]
  return { url, title, excerpt: "", sub_results: [] }
}

/* `base` decresce de página em página (inteiro >= 1); dentro da página as notas
   ficam em (base - 1, base]. */
function toGroup(page, words, base) {
  const subs = page.sub_results
    .map((sub, position) => ({ sub, position }))
    .sort((a, b) => b.sub.weight - a.sub.weight || a.position - b.position)
    .slice(0, MAX_SECTIONS)
    .map(({ sub }) => sub)
  const terms = page.excerpt
    ? markedTerms([page.excerpt, ...subs.map(sub => sub.excerpt)], words)
    : Object.fromEntries(words.map(word => [word, true]))

  const sections = []
  let pageText = ""
  let pageScore = base - 0.25
  subs.forEach((sub, i) => {
    if (!relative(sub.url).includes("#") || fold(sub.title) === fold(page.title)) {
      /* Trecho antes do primeiro título, ou sob o próprio h1: é a página */
      pageText = excerptHTML(sub.excerpt)
      if (i === 0)
        pageScore = base
      return
    }
    sections.push({
      location: relative(sub.url),
      title: escapeHTML(sub.title),
      text: excerptHTML(sub.excerpt),
      score: i === 0 ? base : base - 0.5 - 0.01 * i,
      terms
    })
  })

  const article = {
    location: relative(page.url),
    title: escapeHTML(page.title),
    text: pageText || (sections.length || !page.excerpt ? "" : excerptHTML(page.excerpt)),
    score: sections.length ? pageScore : base,
    terms
  }

  /* O primeiro documento do grupo define o limiar entre "visível" e "mais N" */
  return [...sections, article].sort((a, b) => b.score - a.score)
}

/* Recurso `search.suggest`: completa a última palavra digitada com uma palavra dos
   títulos dos melhores resultados, como o worker do Material faz com o lunr. O
   Material só mostra a sugestão se ela começar exatamente com o que foi digitado. */
function suggest(query, pages) {
  const typed = query.split(/[\s-]+/).pop()
  const prefix = typed.toLowerCase()
  if (!prefix)
    return []
  for (const page of pages)
    for (const title of [page.title, ...page.sub_results.map(sub => sub.title)])
      for (const word of String(title).toLowerCase().split(/[^\p{L}\p{N}_]+/u))
        if (word.length > prefix.length && word.startsWith(prefix))
          return [typed + word.slice(prefix.length)]
  return []
}

/* Espera `ms`, ou menos se outra consulta chegar antes (`interrupt`): a consulta
   nova não fica na fila atrás da pausa da anterior. */
let interrupt = () => {}
function pause(ms) {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms)
    interrupt = () => {
      clearTimeout(timer)
      resolve()
    }
  })
}

/* Peso da consulta (issue 17): o fragmento de uma página traz o texto inteiro dela
   (2 a 12 KB), e só com ele há trecho e seções. A resposta vem em duas vezes:
   - logo, a lista pelos títulos da tabela de páginas (`PAGES`), marcada `partial`:
     o leitor vê os resultados enquanto digita;
   - quando ele para de digitar por `SETTLE_MS` (contados desde a chegada da
     consulta), a lista completa: as `EXCERPT_PAGES` primeiras páginas (as que o
     leitor lê primeiro e que o Enter abre) com trecho e seções; as demais ainda
     pelo título.
   Uma consulta superada durante a pausa para ali: cada tecla de quem digita não
   baixa os fragmentos de uma lista que ninguém leria, por mais devagar que a
   máquina (ou o leitor) esteja. */
async function search(query, id, arrived, post) {
  const term = String(query || "").trim()
  if (!term)
    return { items: [] }
  const module = await loadPagefind()
  if (id !== generation)
    return null
  const hits = (await rank(module, term)).slice(0, MAX_PAGES)
  if (id !== generation)
    return null
  if (hits.length && hits.every(hit => PAGES[hit.result.id])) {
    const titles = hits.map(hit => listed(hit.result.id))
    post({
      items: titles.map((page, i) => toGroup(page, hits[i].words, hits.length - i)),
      partial: true,
      ...(suggestions && { suggest: suggest(term, titles) })
    })
  }
  const wait = SETTLE_MS - (performance.now() - arrived)
  if (wait > 0)
    await pause(wait)
  if (id !== generation)
    return null
  const cache = new Map()
  const results = []
  for (const [i, hit] of hits.entries())
    results.push(i < EXCERPT_PAGES || !PAGES[hit.result.id]
      ? await fullMatch(module, hit, cache) : null)
  if (id !== generation)
    return null
  /* Busca os fragmentos em paralelo; depois lê um por um (objetos reaproveitados) */
  await Promise.all(results.map(result => result && result.data()))
  const pages = []
  for (const [i, result] of results.entries())
    pages.push(result ? snapshot(await result.data()) : listed(hits[i].result.id))
  return {
    items: pages.map((page, i) => toGroup(page, hits[i].words, pages.length - i)),
    ...(suggestions && { suggest: suggest(term, pages) })
  }
}

addEventListener("message", async ev => {
  const message = ev.data
  switch (message.type) {

    /* O índice do lunr que o Material envia não é usado; o Pagefind só é carregado
       quando alguém busca de fato. */
    case SETUP:
      suggestions = Boolean(message.data.options && message.data.options.suggest)
      postMessage({ type: READY })
      break

    case QUERY: {
      const id = ++generation
      const arrived = performance.now()
      interrupt()
      /* `query` repete a consulta respondida: a lista diz a que consulta pertence */
      const post = data => {
        if (id === generation)
          postMessage({ type: RESULT, data: { ...data, query: message.data } })
      }
      let data
      try {
        data = await exclusive(() =>
          id === generation ? search(message.data, id, arrived, post) : null)
      } catch (err) {
        console.error("Busca (Pagefind) falhou:", err)
        data = { items: [] }
      }
      if (data)
        post(data)
      break
    }

    default:
      throw new TypeError(`Mensagem de busca inválida: ${message.type}`)
  }
})
