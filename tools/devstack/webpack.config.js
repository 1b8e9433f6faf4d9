module.exports = require('../build/service-webpack')(__dirname);
