/**
 * The difang command. Each subcommand is loaded only when asked for, so `difang help` starts fast
 * and the server's dependencies stay out of the indexer's commands.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, parseEnv } from './env.ts';
import { langFromEnvironment, type Lang, type Text } from './i18n.ts';
import { version } from './version.ts';

interface Command {
  summary: Text;
  usage: string;
  run(args: string[], lang: Lang): Promise<number>;
}

const commands: Record<string, Command> = {
  serve: {
    summary: { 'zh-CN': '启动服务（读者界面、编目工作台、API、IIIF）', en: 'run the service (reader site, cataloguing, API, IIIF)' },
    usage: 'difang serve [--host HOST] [--port PORT]',
    async run(args, lang) {
      const { values } = parseArgs({ args, options: { host: { type: 'string' }, port: { type: 'string' } } });
      const config = parseEnv({ ...process.env, ...(values.host ? { HOST: values.host } : {}), ...(values.port ? { PORT: values.port } : {}) });
      const { startDifang, createNodeLogger } = await import('./node.ts');
      const logger = createNodeLogger(config);
      const running = await startDifang(config, logger);
      // A fault in one job or request must not take every reader's service down with it: it is
      // logged (with its stack) and counted, and the server goes on. Each such fault is a bug to fix.
      process.on('unhandledRejection', (error) => logger.log('error', 'process.unhandled_rejection', { error }));
      // Signals are handled from the moment the server runs, before anything else is awaited.
      let demo: Promise<unknown> = Promise.resolve();
      let demoRunning = false;
      const stopDemo = new AbortController();
      const stopped = new Promise<number>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals): void => {
          if (stopping) {
            // A second Ctrl-C: stop now (the exit hook still kills the bundled Meilisearch).
            process.exit(130);
          }
          stopping = true;
          logger.log('info', 'server.stopping', { signal });
          if (demoRunning) {
            stopDemo.abort();
            process.stdout.write(
              lang === 'en'
                ? 'Stopping: letting the demonstration pages under way finish (a few seconds; Ctrl-C again to quit now). The next start finishes the import.\n'
                : '正在停止：等待正在导入的演示页面完成（几秒钟；再按一次 Ctrl-C 立即退出）。下次启动会继续导入。\n',
            );
          }
          demo.then(() => running.close()).then(
            () => resolve(0),
            (error: unknown) => {
              logger.log('error', 'server.stop_failed', { error });
              resolve(1);
            },
          );
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const health = await running.search.health();
      const lines =
        lang === 'en'
          ? [`difang ${version} is running at ${running.url}`, `  storage: ${running.store.kind}`, `  search:  ${health.detail}${running.embeddedSearch ? ' (bundled)' : ''}`, 'Press Ctrl-C to stop.']
          : [`地方 difang ${version} 已启动：${running.url}`, `  存储：${running.store.kind}`, `  检索：${health.detail}${running.embeddedSearch ? '（内置）' : ''}`, '按 Ctrl-C 停止。'];
      process.stdout.write(`${lines.join('\n')}\n`);
      logger.log('info', 'server.started', { url: running.url, storage: running.store.kind, search: health.detail });
      demoRunning = true;
      demo = import('../indexer/demo-data.ts')
        .then(({ ingestDemoDataIfEmpty }) =>
          ingestDemoDataIfEmpty(
            { store: running.store, search: running.search, logger, publicBaseUrl: config.publicBaseUrl, config },
            lang,
            (line) => process.stdout.write(`${line}\n`),
            stopDemo.signal,
          ),
        )
        .catch((error: unknown) => logger.log('error', 'demo.ingest_failed', { error }))
        .finally(() => (demoRunning = false));
      return stopped;
    },
  },
  ingest: {
    summary: { 'zh-CN': '入库一个批次（文件夹或 s3:// 前缀）：图像、OCR、IIIF 切片、记录与索引', en: 'ingest a batch (folder or s3:// prefix): images, OCR, IIIF tiles, records, index' },
    usage: 'difang ingest <folder | s3://bucket/prefix> [--title ID] [--title-name NAME] [--date YYYY-MM-DD] [--concurrency N] [--shard i/n] [--report FILE]',
    async run(args, lang) {
      const { ingestCommand } = await import('../indexer/commands/ingest.ts');
      return ingestCommand(args, lang);
    },
  },
  reindex: {
    summary: { 'zh-CN': '从存储重建检索索引（新建后整体替换，检索不中断）', en: 'rebuild the search indexes from storage (built aside, swapped in without a gap)' },
    usage: 'difang reindex',
    async run(args, lang) {
      const { reindexCommand } = await import('../indexer/commands/reindex.ts');
      return reindexCommand(args, lang);
    },
  },
  export: {
    summary: { 'zh-CN': '导出篇目记录报送上级馆：CSV、XLSX、JSON Lines、DC、MODS、CNMARC（ISO 2709 / MarcXchange），或一期的 METS+ALTO 包', en: 'export article records upstream: CSV, XLSX, JSON Lines, DC, MODS, CNMARC (ISO 2709 / MarcXchange), or an issue as a METS+ALTO package' },
    usage: 'difang export --format csv|xlsx|jsonl|dc|mods|marc|marcxml [--out FILE] … | difang export --format mets --issue ID [--out FILE.zip] [--title ID] [--from DATE] [--to DATE] [--status reviewed,published] [--changed-since ISO] [--columns FILE.json] [--check] [--force]',
    async run(args, lang) {
      const { exportCommand } = await import('../indexer/commands/export.ts');
      return exportCommand(args, lang);
    },
  },
  segment: {
    summary: { 'zh-CN': '按版面把尚未切分的版切成篇目草稿（机器切分，待编目员审校）', en: 'cut pages nobody has segmented into draft articles by layout (machine, for cataloguers to check)' },
    usage: 'difang segment <title-id | issue-id>',
    async run(args, lang) {
      const { segmentCommand } = await import('../indexer/commands/segment.ts');
      return segmentCommand(args, lang);
    },
  },
  ocr: {
    summary: { 'zh-CN': '为没有文字的版做 OCR（PaddleOCR，繁体用 Tesseract；横排、竖排）', en: 'OCR the pages that have no text (PaddleOCR, Tesseract for traditional characters; horizontal and vertical)' },
    usage: 'difang ocr <title-id | issue-id …> [--engine auto|paddle|tesseract] [--force]',
    async run(args, lang) {
      const { ocrCommand } = await import('../indexer/commands/ocr.ts');
      return ocrCommand(args, lang);
    },
  },
  vocab: {
    summary: { 'zh-CN': '导入受控词表（主题词、中图法、地名、人名、机构名；CSV 或 XLSX，UTF-8 或 GB18030）', en: 'import a controlled vocabulary (subjects, CLC, places, people, organizations; CSV or XLSX, UTF-8 or GB18030)' },
    usage: 'difang vocab import <file.csv|file.xlsx> --vocabulary subject|clc|place|person|organization',
    async run(args, lang) {
      const { vocabCommand } = await import('../indexer/commands/vocab.ts');
      return vocabCommand(args, lang);
    },
  },
  user: {
    summary: { 'zh-CN': '管理工作人员账号（编目员、审校员、管理员）与脚本用的 API 令牌', en: 'manage staff accounts (cataloguers, reviewers, administrators) and API tokens for scripts' },
    usage: 'difang user add <username> --name NAME --role cataloguer|reviewer|curator|admin … | passwd <username> | disable <username> | enable <username> | token <username> --label TEXT | list',
    async run(args, lang) {
      const { userCommand } = await import('../indexer/commands/user.ts');
      return userCommand(args, lang);
    },
  },
  title: {
    summary: { 'zh-CN': '列出馆藏题名；对公众隐藏某报刊（版权）或重新公开；更正题名记录（名称、出版地、权利声明……）', en: 'list the papers held; hide one from the public (copyright) or show it again; correct a title record (name, place, rights…)' },
    usage: 'difang title list | hide <title-id> | show <title-id> | set <title-id> [--name …] [--place …] [--publisher …] [--rights …] [--rights-uri …] …',
    async run(args, lang) {
      const { titleCommand } = await import('../indexer/commands/title.ts');
      return titleCommand(args, lang);
    },
  },
  verify: {
    summary: { 'zh-CN': '核验存储：重算每个原件的校验和，检查记录、衍生文件与彼此的关联（只读）', en: 'verify the store: every original against its checksum, records, derivatives and how they hang together (read-only)' },
    usage: 'difang verify [folder | s3://bucket/prefix]',
    async run(args, lang) {
      const { verifyCommand } = await import('../indexer/commands/maintenance.ts');
      return verifyCommand(args, lang);
    },
  },
  backup: {
    summary: { 'zh-CN': '把存储备份到文件夹或 s3:// 前缀（增量、镜像）', en: 'back the store up to a folder or an s3:// prefix (incremental, mirrored)' },
    usage: 'difang backup <folder | s3://bucket/prefix>',
    async run(args, lang) {
      const { backupCommand } = await import('../indexer/commands/maintenance.ts');
      return backupCommand(args, lang);
    },
  },
  restore: {
    summary: { 'zh-CN': '从备份恢复存储，并重建检索索引', en: 'restore the store from a backup, then rebuild the search indexes' },
    usage: 'difang restore <folder | s3://bucket/prefix> [--force] [--no-reindex]',
    async run(args, lang) {
      const { restoreCommand } = await import('../indexer/commands/maintenance.ts');
      return restoreCommand(args, lang);
    },
  },
  version: {
    summary: { 'zh-CN': '显示版本', en: 'print the version' },
    usage: 'difang version',
    async run() {
      process.stdout.write(`${version}\n`);
      return 0;
    },
  },
};

function help(lang: Lang): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const rows = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary[lang]}`);
  return lang === 'en'
    ? [`difang ${version} — an archive for local newspapers and local-history documents`, '', 'Usage: difang <command> [options]', '', 'Commands:', ...rows, '', 'Configuration comes from environment variables (see .env.example); a .env file in the current folder is read too.', 'Set DIFANG_LANG=zh-CN for Chinese.'].join('\n')
    : [`地方 difang ${version} — 地方报纸与地方文献数字档案系统`, '', '用法：difang <命令> [选项]', '', '命令：', ...rows, '', '配置来自环境变量（见 .env.example），也会读取当前目录下的 .env 文件。', 'Set DIFANG_LANG=en for English.'].join('\n');
}

function printConfigError(error: ConfigError, lang: Lang): void {
  const heading = lang === 'en' ? 'difang cannot start: the configuration needs fixing' : 'difang 无法启动：配置需要修改';
  const lines = error.problems.map((problem) => `  ${problem.variable}: ${problem.message[lang]}${problem.received !== undefined ? (lang === 'en' ? ` (got "${problem.received}")` : `（当前值 "${problem.received}"）`) : ''}`);
  process.stderr.write(`${heading}\n${lines.join('\n')}\n`);
}

export async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const lang = langFromEnvironment(process.env);
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${help(lang)}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') return commands.version?.run([], lang) ?? 0;
  const command = commands[name];
  if (!command) {
    process.stderr.write(`${lang === 'en' ? `unknown command "${name}"` : `未知命令 "${name}"`}\n\n${help(lang)}\n`);
    return 2;
  }
  // `difang <command> --help`: what it does and how to call it, before anything runs.
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.summary[lang]}\n${lang === 'en' ? 'usage' : '用法'}: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, lang);
  } catch (error) {
    if (error instanceof ConfigError) {
      printConfigError(error, lang);
      return 78; // EX_CONFIG
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${error.message}\n${lang === 'en' ? 'usage' : '用法'}: ${command.usage}\n`);
      return 2;
    }
    // Anything else is difang's own fault: say so in one line; the stack only when asked for.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      lang === 'en'
        ? `difang ${name} stopped on an internal error: ${message}\n(set DIFANG_DEBUG=1 to see where; please report it)\n`
        : `difang ${name} 因内部错误停止：${message}\n（设 DIFANG_DEBUG=1 可看到出错位置；请报告此问题）\n`,
    );
    if (process.env.DIFANG_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 70; // EX_SOFTWARE
  }
}
