# Textos generales del bot. Se pueden editar sin tocar el código: cada texto tiene un nombre
# (a la izquierda del "=") que el código usa; cambia solo lo que está a la derecha.
# Las líneas que siguen a un nombre, con sangría, son parte del mismo texto.

## Bienvenida y consentimiento

welcome =
    Hola, soy Acompaña 💜. Te doy orientación sobre la violencia de género, te ayudo a encontrar servicios cerca de ti y, si lo deseas, te pongo en contacto con una mentora, una psicóloga comunitaria o el servicio Entre patas.

    No soy un servicio de emergencia. Si estás en peligro ahora:
    📞 Línea 100: gratuita, las 24 horas.
    🚓 Policía: 105.

    Para acompañarte guardo lo mínimo: tu distrito y, si pides que te contacten, un número de caso. Tu cuenta de Telegram se guarda cifrada y nadie del equipo la ve.
    En cualquier momento: /salir oculta esta conversación de la pantalla y /borrar elimina tus datos.

    ¿Estás de acuerdo?
consent-yes = Sí, estoy de acuerdo
consent-no = Prefiero no dar datos
consent-thanks = Gracias. Puedes cambiar de opinión cuando quieras con /borrar.
consent-skipped = Está bien. Puedes leer la orientación sin que guarde nada. Si luego quieres que alguien te acompañe, te lo volveré a preguntar.
consent-needed =
    Para esto necesito guardar algunos datos (tu distrito y un número de caso; tu cuenta de Telegram, cifrada). Nadie del equipo verá tu nombre ni tu cuenta.
    ¿Estás de acuerdo?

## Menú principal

menu = ¿En qué te puedo ayudar?
menu-women = 💜 Orientación para mujeres
menu-men = 🤝 Entre patas (para hombres)
menu-instancia = 🏛️ Instancia de concertación
menu-emergency = 🆘 Emergencia
menu-privacy = 🔒 Privacidad y salida
button-menu = 🏠 Menú
button-back = ⬅️ Volver
button-continue = ↩️ Seguir donde estaba
button-exit = 🚪 Salir rápido

## Emergencia

emergency =
    🆘 Si estás en peligro ahora, busca ayuda de inmediato:

    📞 Línea 100: gratuita, atiende las 24 horas, todos los días.
    🚓 Policía Nacional: 105.
    Si puedes, sal a un lugar con más gente o pide ayuda a una vecina o vecino de confianza.
emergency-cem = 🏢 { $name }: { $details }
emergency-sexual =
    Si sufriste violencia sexual: acude cuanto antes a un centro de salud. El kit de emergencia es gratuito, y la anticoncepción oral de emergencia funciona dentro de las 72 horas.
emergency-after = Cuando puedas, aquí sigo. Puedes seguir donde estabas o ir al menú.

## Privacidad y salida

privacy =
    🔒 Tu privacidad

    • /salir borra de este chat los mensajes de las últimas 48 horas (los tuyos y los míos): Telegram no deja que un bot borre mensajes más antiguos. No termina tu acompañamiento: tu mentora puede seguir escribiéndote y no se entera de que saliste.
    • Terminar tu acompañamiento es otra cosa: lo decides tú, con el botón «Cerrar el caso».
    • /borrar elimina todo lo que guardo sobre ti.
    • Guardo tu cuenta de Telegram cifrada; el equipo solo ve un número de caso.
    • Si alguien revisa tu celular, puedes borrar el chat completo: mantén presionado el chat en la lista y elige «Eliminar».
privacy-exit = 🚪 Salir rápido
privacy-erase = 🗑️ Borrar mis datos

exit-done = Listo.
exit-howto = Borré los mensajes de las últimas 48 horas; Telegram no me deja borrar los más antiguos. Para quitarlos todos, elimina el chat: mantenlo presionado en tu lista y elige «Eliminar chat».

erase-confirm =
    ¿Quieres que borre todo lo que guardo sobre ti? Se cerrará cualquier caso abierto y no se podrá recuperar.
erase-yes = Sí, borrar todo
erase-no = No, volver
erase-done = Listo: borré tus datos. Si vuelves a escribir, empezaremos de cero.
erase-cancelled = No borré nada.

## Respuestas cuando algo no se entiende

fallback = No entendí ese mensaje 🙏. Puedes usar los botones o volver al menú.
fallback-media = Recibí tu { $kind ->
        [photo] foto
        [voice] nota de voz
        [sticker] sticker
        [video] video
        [document] documento
        [location] ubicación
        [contact] contacto
       *[other] mensaje
    }, pero aquí solo puedo leer texto y botones. Si estás en peligro, llama a la Línea 100.
unknown-command = No conozco ese comando.
stale-button = Ese botón ya no está activo. Te muestro dónde estás ahora.
too-long = Tu mensaje es muy largo; lo leí hasta donde pude. Si quieres, cuéntamelo en mensajes más cortos.
error-sorry = Perdón, algo falló de mi lado. Tu mensaje no se perdió: inténtalo de nuevo en un momento. Si estás en peligro, llama a la Línea 100.
share-location = 📍 Compartir mi ubicación
or-choose = O elige una opción:
edited-ignored = Vi que editaste un mensaje. No leo las ediciones: si quieres cambiar algo, escríbelo de nuevo.

## Consola (para probar el bot sin Telegram)

console-intro = Acompaña en modo consola. Escribe como en Telegram; para pulsar un botón escribe su número. Ctrl+D para terminar.
console-location = (Para compartir tu ubicación escribe latitud y longitud, por ejemplo: -10.68, -76.26)
console-other-chat = mensaje para otra persona

## Typed requests and help

understood-maybe = No estoy segura de haberte entendido. ¿Buscas alguna de estas opciones?
understood-not = No estoy segura de haberte entendido 🙏. Elige una opción o escríbeme con otras palabras. Si estás en peligro, escribe /emergencia.
understood-exit = Para esconder esta conversación ahora, toca «Salir rápido».
button-do-help = ❓ Qué puedo hacer
help-people =
    Esto es lo que puedo hacer por ti. Puedes escribirme con tus palabras o usar estos comandos:
    /menu: el menú principal
    /emergencia: números de ayuda inmediata
    /salir: esconder esta conversación rápido
    /borrar: borrar lo que guardo sobre ti
    /privacidad: qué guardo y por qué
    /miplan: tu plan de seguridad
    /ayuda: esta lista
    Si eres parte de una instancia de concertación: /instancia, /acuerdos y /plan.
help-staff =
    Para el equipo:
    /casos: tus casos y solicitudes
    /disponibilidad: cuántos casos puedes llevar, tus horas y ausencias
    /observatorio: las cifras del mes de tu zona
    /staff CÓDIGO: activar tu rol con un código
    /espacios y /compromisos: espacios de reflexión y compromisos (facilitadores)
    /invitar y /equipo: invitar y ver al equipo (administración)
