/**
 * The platform's entry point: `npm start` runs it. It loads the configuration, opens the database,
 * serves the site and the API on one port, and stops cleanly on SIGINT/SIGTERM.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/load';
import { getSetting, openDatabase, setSetting } from './db/database';
import { createLogger } from './logger';

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(path.join(config.dataDir, 'atelier.sqlite'));
  if (!config.sessionSecret && !getSetting(db, 'session-secret')) {
    setSetting(db, 'session-secret', crypto.randomBytes(32).toString('base64url'));
  }
  if (!fs.existsSync(path.join(config.siteDir, 'index.html'))) {
    logger.warn({ siteDir: config.siteDir }, 'site not built: run `npm run build:site` (npm start does it)');
  }

  let ready = false;
  const app = createApp({
    logger,
    siteDir: config.siteDir,
    runtime: config.runtime,
    version: process.env.npm_package_version ?? '0.1.0',
    isReady: () => ready,
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    ready = true;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    console.log(`Atelier Kubernetes est prêt : http://${shownHost}:${info.port}`);
    logger.info({ port: info.port, dataDir: config.dataDir, runtime: config.runtime }, 'ready');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    ready = false;
    server.close(() => {
      db.close();
      console.log('Atelier Kubernetes est arrêté.');
      process.exit(0);
    });
    // Idle keep-alive connections would hold close() open; end them.
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main();
