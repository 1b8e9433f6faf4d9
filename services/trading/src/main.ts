import 'reflect-metadata';
import { runMain } from '@tf/platform';
import { service } from './service';

runMain(service);
